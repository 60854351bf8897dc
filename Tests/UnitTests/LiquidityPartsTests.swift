import Foundation
import MekongCore
import Store
import Testing

@testable import Gateway

@Suite("Liquidity parts: levels against marks, the forecast's means and top-up, the sandbox's flows, the history CSV")
struct LiquidityPartsTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func at(_ text: String) -> Date { RFC3339.date(from: text)! }

    @Test(
        "a level is ok at a mark and below it low or critical",
        arguments: [
            (2000, LiquidityLevel.ok), (1000, .ok), (999, .low), (500, .low), (499, .critical), (0, .critical),
        ] as [(Int64, LiquidityLevel)])
    func levels(available: Int64, level: LiquidityLevel) {
        #expect(LiquidityLevel.of(availableMinor: available, lowWaterMinor: 1000, criticalMinor: 500) == level)
    }

    @Test("entering low or critical names an event; a return to ok names none")
    func events() {
        #expect(LiquidityLevel.ok.eventType == nil)
        #expect(LiquidityLevel.low.eventType == "liquidity.low" && LiquidityLevel.critical.eventType == "liquidity.critical")
        #expect(LiquidityLevel.allCases.map(\.gauge) == [0, 1, 2])
    }

    @Test("treasury's marks win over the spec's, and say so")
    func marks() {
        let policy = LiquidityPolicy(
            onShortfall: .queue, lowWater: Money(minorUnits: 1000, currency: .THB), critical: Money(minorUnits: 100, currency: .THB),
            openingBalance: Money(minorUnits: 0, currency: .THB))
        var position = LiquidityPosition(corridorID: "KH-TH", currency: "THB", balanceMinor: 900, reservedMinor: 100, updatedAt: Date(), queued: 0)
        #expect(PositionMarks(position, policy: policy) == PositionMarks.init(position, policy: policy))
        #expect(PositionMarks(position, policy: policy).source == "spec" && PositionMarks(position, policy: policy).level(of: position) == .low)
        position.lowWaterOverrideMinor = 500
        position.criticalOverrideMinor = 50
        let treasury = PositionMarks(position, policy: policy)
        #expect(treasury.source == "treasury" && treasury.lowWaterMinor == 500 && treasury.level(of: position) == .ok)
    }

    @Test("each hour's forecast is the mean of the same hour in the last four weeks, rounded half up")
    func means() {
        let start = Self.at("2026-12-04T10:20:00Z")
        let first = Self.at("2026-12-04T11:00:00Z")
        var history: [Date: Int64] = [:]
        // The 11:00 hour: 100, 200, 300 and 401 in the four weeks before: mean 250.25 → 250.
        for (week, value) in [(1, 100), (2, 200), (3, 300), (4, 401)] as [(Int, Int64)] {
            history[first.addingTimeInterval(-Double(week) * 7 * 86_400)] = value
        }
        // The 12:00 hour: 1, 2, 2 and 2: mean 1.75 → 2; a fifth week back is not counted.
        let second = first.addingTimeInterval(3600)
        for (week, value) in [(1, 1), (2, 2), (3, 2), (4, 2), (5, 1000)] as [(Int, Int64)] {
            history[second.addingTimeInterval(-Double(week) * 7 * 86_400)] = value
        }
        let forecast = OutflowForecast(history: history, coveredFrom: Self.at("2026-10-01T00:00:00Z"), startingAt: start)
        #expect(forecast.hours.count == 24 && forecast.hours.first?.startsAt == first)
        #expect(forecast.hours[0].outflowMinor == 250 && forecast.hours[1].outflowMinor == 2)
        #expect(forecast.hours[2].outflowMinor == 0, "hours with no outflow inside the history count as zero")
        #expect(forecast.totalMinor == 252 && forecast.weeksUsed == 4)
        // A half rounds up: 1, 2, 2, 1 → 1.5 → 2.
        var halves: [Date: Int64] = [:]
        for (week, value) in [(1, 1), (2, 2), (3, 2), (4, 1)] as [(Int, Int64)] {
            halves[first.addingTimeInterval(-Double(week) * 7 * 86_400)] = value
        }
        #expect(OutflowForecast(history: halves, coveredFrom: .distantPast, startingAt: start).hours[0].outflowMinor == 2)
    }

    @Test("weeks before the history begins are left out of the mean, not counted as zero")
    func coverage() {
        let first = Self.at("2026-12-04T11:00:00Z")
        let history = [first.addingTimeInterval(-7 * 86_400): Int64(300), first.addingTimeInterval(-14 * 86_400): 100]
        let forecast = OutflowForecast(history: history, coveredFrom: first.addingTimeInterval(-14 * 86_400), startingAt: first)
        #expect(forecast.hours[0].outflowMinor == 200 && forecast.hours[0].weeks == 2 && forecast.weeksUsed == 2)
        let nothing = OutflowForecast(history: [:], coveredFrom: first.addingTimeInterval(86_400), startingAt: first)
        #expect(nothing.totalMinor == 0 && nothing.weeksUsed == 0)
    }

    @Test(
        "the suggested top-up keeps available at or above low water after the forecast outflow, and is never negative",
        arguments: [(1_000, 500, 2_000, 0), (1_000, 500, 1_500, 0), (1_000, 500, 1_000, 500), (1_000, 500, 0, 1_500)]
            as [(Int64, Int64, Int64, Int64)])
    func topUp(outflow: Int64, lowWater: Int64, available: Int64, suggested: Int64) {
        let first = Self.at("2026-12-04T11:00:00Z")
        let history = [first.addingTimeInterval(-7 * 86_400): outflow]
        let forecast = OutflowForecast(history: history, coveredFrom: first.addingTimeInterval(-7 * 86_400), startingAt: first)
        #expect(forecast.totalMinor == outflow)
        #expect(forecast.suggestedTopUpMinor(availableMinor: available, lowWaterMinor: lowWater) == suggested)
    }

    @Test("the sandbox's flows: the same every time, busier on weekdays than Sundays, and on paydays than mid-month")
    func sampleFlows() {
        let start = Self.at("2026-10-01T00:00:00Z")
        let flows = SampleFlows.hourly(corridor: "KH-TH", dailyMeanMinor: 1_500_000_000, from: start, hours: 8 * 7 * 24)
        #expect(flows.count == 8 * 7 * 24 && flows.allSatisfy { $0.outflowMinor > 0 })
        #expect(
            flows.map(\.outflowMinor)
                == SampleFlows.hourly(corridor: "KH-TH", dailyMeanMinor: 1_500_000_000, from: start, hours: 8 * 7 * 24).map(\.outflowMinor))
        var phnomPenh = Calendar(identifier: .gregorian)
        phnomPenh.timeZone = TimeZone(identifier: "Asia/Phnom_Penh")!
        var byDay: [String: Int64] = [:]
        for flow in flows {
            let parts = phnomPenh.dateComponents([.month, .day], from: flow.hour)
            byDay["\(parts.month ?? 0)-\(parts.day ?? 0)", default: 0] += flow.outflowMinor
        }
        func day(_ month: Int, _ day: Int) -> Int64 { byDay["\(month)-\(day)"] ?? 0 }
        // 2026-10-11 is a Sunday, 2026-10-13 a Tuesday, 2026-10-30 a Friday at the month's end.
        #expect(day(10, 13) > day(10, 11) * 3 / 2, "a Tuesday is well above a Sunday")
        #expect(day(10, 30) > day(10, 16) * 3 / 2, "the month's end is well above a mid-month Friday")
        #expect(SampleFlows.paydayFactor(day: 31, daysInMonth: 31) == 160 && SampleFlows.paydayFactor(day: 26, daysInMonth: 31) == 140)
        #expect(SampleFlows.paydayFactor(day: 15, daysInMonth: 30) == 125 && SampleFlows.paydayFactor(day: 10, daysInMonth: 30) == 100)
        // Busier at 11:00 than at 03:00 Phnom Penh time.
        let eleven = flows.filter { phnomPenh.component(.hour, from: $0.hour) == 11 }.map(\.outflowMinor).reduce(0, +)
        let three = flows.filter { phnomPenh.component(.hour, from: $0.hour) == 3 }.map(\.outflowMinor).reduce(0, +)
        #expect(eleven > three * 10)
    }

    @Test(
        "the forecast's error on the sandbox's history: under 20 % on ordinary days, more across the month's end, which the four weeks before do not hold"
    )
    func backtest() {
        let start = Self.at("2026-08-03T00:00:00Z")
        let flows = SampleFlows.hourly(corridor: "KH-TH", dailyMeanMinor: 1_500_000_000, from: start, hours: 20 * 7 * 24)
        let history = Dictionary(uniqueKeysWithValues: flows.map { ($0.hour, $0.outflowMinor) })
        func days(from first: String, count: Int) -> [Date] { (0..<count).map { Self.at(first).addingTimeInterval(Double($0) * 86_400) } }
        // 4–13 November: ordinary days (the weeks before them hold some paydays).
        let ordinary = OutflowForecast.backtest(history: history, coveredFrom: start, days: days(from: "2026-11-03T17:00:00Z", count: 10))
        // 23 November – 6 December: across the month's end and the 1st–2nd.
        let monthEnd = OutflowForecast.backtest(history: history, coveredFrom: start, days: days(from: "2026-11-22T17:00:00Z", count: 14))
        print("forecast error on the sandbox's history: ordinary days \(ordinary), across the month's end \(monthEnd) (basis points)")
        // The figures docs/TREASURY.md gives, with room for nothing but the method changing.
        // (16.6 % and 21.0 % when written: the four weeks before an ordinary day hold some of the
        // month's-end paydays, so it over-forecasts; across the month's end it under-forecasts.)
        #expect(ordinary.dailyBasisPoints > 0 && ordinary.dailyBasisPoints < 2000, "\(ordinary)")
        #expect(monthEnd.dailyBasisPoints > ordinary.dailyBasisPoints && monthEnd.dailyBasisPoints < 2500, "\(monthEnd)")
        #expect(ordinary.hourlyBasisPoints >= ordinary.dailyBasisPoints && monthEnd.hourlyBasisPoints >= monthEnd.dailyBasisPoints)
    }

    @Test(
        "a flow history that is not one is refused with its line",
        arguments: [
            ("hour,outflow\n", "no rows"), ("when,outflow\n2026-11-01T10:00:00Z,5.00\n", "header"),
            ("hour,outflow\n2026-11-01T10:00:00Z\n", "line 2"), ("hour,outflow\n2026-11-01T10:15:00Z,5.00\n", "whole hour"),
            ("hour,outflow\n2026-11-01T10:00:00Z,5.001\n", "line 2"), ("hour,outflow,currency\n2026-11-01T10:00:00Z,5.00,MYR\n", "THB"),
        ])
    func badHistories(text: String, words: String) {
        #expect {
            _ = try FlowHistoryCSV.read(text, currency: .THB)
        } throws: { error in
            "\(error)".contains(words) || ((error as? APIError)?.error.message.contains(words) ?? false)
        }
    }

    @Test("a flow history is read in hour order, exact to the minor unit")
    func goodHistory() throws {
        let hours = try FlowHistoryCSV.read(
            "hour,outflow,currency\n2026-11-01T11:00:00Z,7.25,THB\n2026-11-01T10:00:00+07:00,0.01,THB\n", currency: .THB)
        #expect(hours.map(\.outflowMinor) == [1, 725])
        #expect(hours.first?.hour == Self.at("2026-11-01T03:00:00Z"))
    }
}
