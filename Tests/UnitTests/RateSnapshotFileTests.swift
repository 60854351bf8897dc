import FX
import Foundation
import MekongCore
import Testing

@Suite("Rate snapshots: parsing, staleness and mistakes")
struct RateSnapshotFileTests {
    static let good = """
        provider: NBC
        effective_at: 2026-11-22T00:00:00Z
        rates:
          USD/THB: "34.2500"
          KHR/THB: "0.0085200"
        """

    @Test("a snapshot parses with exact rates and an id naming provider and time")
    func parses() throws {
        let snapshot = try RateSnapshotFile.parse(Self.good, file: "nbc.yaml")
        #expect(snapshot.id == "NBC@2026-11-22T00:00:00Z")
        #expect(snapshot.rate(for: CurrencyPair(base: .USD, quote: .THB)) == (try Rate(parsing: "34.25")))
        #expect(snapshot.isSample == false)
    }

    @Test(
        "each mistake names its field",
        arguments: [
            ("provider: NBC\n", "", "provider"),
            ("effective_at: 2026-11-22T00:00:00Z", "effective_at: yesterday", "effective_at"),
            ("USD/THB: \"34.2500\"", "USD/XXX: \"34.2500\"", "rates.USD/XXX"),
            ("USD/THB: \"34.2500\"", "USD/THB: \"34.25000000001\"", "rates.USD/THB"),
            ("USD/THB: \"34.2500\"", "USD/THB: \"0\"", "rates.USD/THB"),
            ("USD/THB: \"34.2500\"", "USD/THB: \"abc\"", "rates.USD/THB"),
            ("USD/THB: \"34.2500\"", "USD/USD: \"1\"", "rates.USD/USD"),
        ])
    func mistakes(find: String, replace: String, field: String) {
        do {
            _ = try RateSnapshotFile.parse(Self.good.replacingOccurrences(of: find, with: replace), file: "rates/nbc.yaml")
            Issue.record("expected failure on \(field)")
        } catch {
            #expect(error.file == "rates/nbc.yaml")
            #expect(error.field == field, "got \(error)")
        }
    }

    @Test("the book gives the latest snapshot in force, and refuses stale or missing ones with 3003")
    func staleness() throws {
        let early = try RateSnapshotFile.parse(Self.good, file: "a")
        let later = try RateSnapshotFile.parse(
            Self.good.replacingOccurrences(of: "2026-11-22T00", with: "2026-11-22T06")
                .replacingOccurrences(of: "34.2500", with: "34.3000"), file: "b")
        let book = RateBook(snapshots: [later, early], maxAge: ["NBC": 3600], defaultMaxAge: 60)
        let pair = CurrencyPair(base: .USD, quote: .THB)
        let at0530 = RFC3339.date(from: "2026-11-22T00:30:00Z")!
        #expect(try book.usableRate(provider: "NBC", pair: pair, at: at0530).0.id == early.id)
        let at0630 = RFC3339.date(from: "2026-11-22T06:30:00Z")!
        #expect(try book.usableRate(provider: "NBC", pair: pair, at: at0630).1 == (try Rate(parsing: "34.30")))
        let stale = RFC3339.date(from: "2026-11-22T08:00:01Z")!
        #expect(throws: MekongError.self) { try book.usableRate(provider: "NBC", pair: pair, at: stale) }
        do { _ = try book.usableRate(provider: "NBC", pair: pair, at: stale) } catch { #expect(error.code == .fxRateUnavailable) }
        #expect(throws: MekongError.self) { try book.usableRate(provider: "BNM", pair: pair, at: at0530) }
        #expect(throws: MekongError.self) {
            try book.usableRate(provider: "NBC", pair: CurrencyPair(base: .USD, quote: .MYR), at: at0530)
        }
        let beforeAny = RFC3339.date(from: "2026-11-21T23:00:00Z")!
        #expect(throws: MekongError.self) { try book.usableRate(provider: "NBC", pair: pair, at: beforeAny) }
    }
}
