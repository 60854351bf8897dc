public import Foundation

/// A corridor's expected outflow over the next 24 hours, hour by hour: each hour's outflow is
/// the mean of the same hour of the week in the last four weeks (the hour 168, 336, 504 and 672
/// hours before it), rounded half up to a minor unit. Weeks before the history begins are left
/// out of the mean, not counted as zero; hours inside it with no outflow count as zero.
///
/// The suggested top-up is what keeps the available balance at or above low water through the
/// 24 hours if the forecast comes true: outflows only (an inbound credit is not counted on),
/// so it errs on the side of funding.
public struct OutflowForecast: Sendable, Equatable {
    public struct Hour: Sendable, Equatable {
        public let startsAt: Date
        public let outflowMinor: Int64
        /// How many of the four weeks the history covered for this hour.
        public let weeks: Int
    }

    public static let weeks = 4
    public static let hoursAhead = 24

    /// The 24 hours from the first whole hour at or after the forecast's start.
    public let hours: [Hour]

    public var totalMinor: Int64 { hours.reduce(0) { $0 + $1.outflowMinor } }
    /// The fewest weeks any hour's mean was taken over (0: no history at all).
    public var weeksUsed: Int { hours.map(\.weeks).min() ?? 0 }

    /// - Parameters:
    ///   - history: outflow in minor units by the start of its hour (whole UTC hours);
    ///   - coveredFrom: the first hour the history covers;
    ///   - start: when the forecast starts (rounded up to a whole hour).
    public init(history: [Date: Int64], coveredFrom: Date, startingAt start: Date) {
        let first = Self.hour(ceiling: start)
        hours = (0..<Self.hoursAhead).map { offset in
            let at = first.addingTimeInterval(TimeInterval(offset * 3600))
            var sum: Int64 = 0
            var seen: Int64 = 0
            for week in 1...Self.weeks {
                let past = at.addingTimeInterval(-TimeInterval(week * 7 * 86_400))
                guard past >= coveredFrom else { continue }
                sum += history[past] ?? 0
                seen += 1
            }
            return Hour(startsAt: at, outflowMinor: seen == 0 ? 0 : (sum + seen / 2) / seen, weeks: Int(seen))
        }
    }

    /// What to add so that `available − forecast outflow` stays at or above `lowWaterMinor`.
    public func suggestedTopUpMinor(availableMinor: Int64, lowWaterMinor: Int64) -> Int64 {
        max(0, totalMinor + lowWaterMinor - availableMinor)
    }

    /// The forecast's error on a history whose actual outflows are known: for each of `days`
    /// (each forecast from the four weeks before it), in basis points, the weighted absolute
    /// error of its hours (Σ|forecast − actual| ÷ Σ actual) and of its 24-hour totals.
    public static func backtest(history: [Date: Int64], coveredFrom: Date, days: [Date]) -> (hourlyBasisPoints: Int64, dailyBasisPoints: Int64) {
        var hourlyMiss: Int64 = 0
        var dailyMiss: Int64 = 0
        var actualTotal: Int64 = 0
        for day in days {
            let forecast = OutflowForecast(history: history, coveredFrom: coveredFrom, startingAt: day)
            var actualDay: Int64 = 0
            for hour in forecast.hours {
                let actual = history[hour.startsAt] ?? 0
                hourlyMiss += abs(hour.outflowMinor - actual)
                actualDay += actual
            }
            dailyMiss += abs(forecast.totalMinor - actualDay)
            actualTotal += actualDay
        }
        guard actualTotal > 0 else { return (0, 0) }
        return (hourlyMiss * 10_000 / actualTotal, dailyMiss * 10_000 / actualTotal)
    }

    /// The first whole UTC hour at or after `instant`.
    public static func hour(ceiling instant: Date) -> Date {
        let seconds = instant.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 3600).rounded(.up) * 3600)
    }

    /// The whole UTC hour `instant` falls in.
    public static func hour(floor instant: Date) -> Date {
        Date(timeIntervalSince1970: (instant.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
    }
}
