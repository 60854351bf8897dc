import Foundation
import MekongCore
import Testing

@Suite("Settlement cycles of a batch corridor, in its own time zone")
struct SettlementCycleTests {
    static let hours = OperatingHoursTests.daily
    static let zone = OperatingHoursTests.kualaLumpur
    static func at(_ text: String) -> Date { OperatingHoursTests.at(text, zone) }

    @Test(
        "15-minute cycles are aligned to the 08:00 opening",
        arguments: [
            ("2026-11-23T08:00:00", "2026-11-23T08:00:00", "2026-11-23T08:15:00"),
            ("2026-11-23T08:14:59", "2026-11-23T08:00:00", "2026-11-23T08:15:00"),
            ("2026-11-23T08:15:00", "2026-11-23T08:15:00", "2026-11-23T08:30:00"),
            ("2026-11-23T19:59:59", "2026-11-23T19:45:00", "2026-11-23T20:00:00"),
        ])
    func aligned(instant: String, starts: String, closes: String) throws {
        let cycle = try #require(SettlementCycle.containing(Self.at(instant), hours: Self.hours, cycleSeconds: 900))
        #expect(cycle.startsAt == Self.at(starts))
        #expect(cycle.closesAt == Self.at(closes))
    }

    @Test("outside the hours there is no open cycle, and a payment joins the next window's first")
    func offHours() throws {
        #expect(SettlementCycle.containing(Self.at("2026-11-23T20:00:00"), hours: Self.hours, cycleSeconds: 900) == nil)
        #expect(SettlementCycle.containing(Self.at("2026-11-23T07:59:59"), hours: Self.hours, cycleSeconds: 900) == nil)
        let next = try #require(SettlementCycle.joining(at: Self.at("2026-11-23T21:30:00"), hours: Self.hours, cycleSeconds: 900))
        #expect(next.startsAt == Self.at("2026-11-24T08:00:00") && next.closesAt == Self.at("2026-11-24T08:15:00"))
    }

    @Test("a cycle that does not divide the window closes with the window")
    func lastCycleClosesWithWindow() throws {
        let cycle = try #require(SettlementCycle.containing(Self.at("2026-11-23T19:59:00"), hours: Self.hours, cycleSeconds: 7 * 60))
        #expect(cycle.closesAt == Self.at("2026-11-23T20:00:00"))
    }

    @Test("the batch id is stable per corridor and cycle")
    func batchID() throws {
        let cycle = try #require(SettlementCycle.containing(Self.at("2026-11-23T08:05:00"), hours: Self.hours, cycleSeconds: 900))
        #expect(cycle.batchID(corridor: "KH-MY") == "KH-MY-\(Int64(Self.at("2026-11-23T08:00:00").timeIntervalSince1970))")
    }
}
