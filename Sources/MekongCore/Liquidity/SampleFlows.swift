public import Foundation

/// Weeks of realistic hourly outflows for a corridor, as the sandbox's settlement bank shows
/// them (`GET /sandbox/flows/{corridor}`), so that the forecast can be shown and tested before a
/// corridor has a history of its own. Deterministic: the same corridor and hour always give the
/// same amount.
///
/// An hour's outflow is the corridor's daily mean, shared over the day by the hour's weight in
/// Phnom Penh time (quiet at night, peaks late morning and early evening), times the weekday's
/// factor (Friday the busiest, Sunday the quietest), times the payday factor (the 25th to the
/// month's end and the 1st–2nd, when wages are sent home; the 15th, mid-month pay), with ±8 %
/// noise.
public enum SampleFlows {
    /// Per mille of the day's outflow in each local hour, 00:00 to 23:00.
    static let hourWeights: [Int64] = [4, 2, 2, 2, 3, 8, 20, 38, 55, 66, 72, 70, 64, 58, 55, 58, 64, 72, 76, 70, 55, 38, 28, 20]
    /// Percent, Sunday first (Calendar's weekday 1).
    static let weekdayFactors: [Int64] = [60, 100, 100, 100, 105, 120, 85]

    /// The payday factor of a day of the month, in percent: the month's last three days and the
    /// 1st 160, the rest of the 25th onwards and the 2nd 140, the 15th 125, other days 100.
    public static func paydayFactor(day: Int, daysInMonth: Int) -> Int64 {
        if day > daysInMonth - 3 || day == 1 { return 160 }
        if day >= 25 || day == 2 { return 140 }
        if day == 15 { return 125 }
        return 100
    }

    /// Hourly outflows from `start` (rounded down to the hour) for `hours` hours, in minor units.
    public static func hourly(corridor: String, dailyMeanMinor: Int64, from start: Date, hours: Int) -> [(hour: Date, outflowMinor: Int64)] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Phnom_Penh")!
        let first = OutflowForecast.hour(floor: start)
        let weightTotal = hourWeights.reduce(0, +)
        let seed = corridor.utf8.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return (0..<hours).map { offset in
            let hour = first.addingTimeInterval(TimeInterval(offset * 3600))
            let parts = calendar.dateComponents([.hour, .weekday, .day], from: hour)
            let daysInMonth = calendar.range(of: .day, in: .month, for: hour)?.count ?? 30
            var amount = dailyMeanMinor * hourWeights[parts.hour ?? 0] / weightTotal
            amount = amount * weekdayFactors[(parts.weekday ?? 1) - 1] / 100
            amount = amount * paydayFactor(day: parts.day ?? 1, daysInMonth: daysInMonth) / 100
            amount = amount * (1000 + noisePerMille(seed: seed, hour: Int64(hour.timeIntervalSince1970) / 3600)) / 1000
            return (hour, amount)
        }
    }

    /// A number from −80 to 80, the same for the same seed and hour (SplitMix64).
    static func noisePerMille(seed: UInt64, hour: Int64) -> Int64 {
        var z = seed &+ UInt64(bitPattern: hour) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int64(z % 161) - 80
    }
}
