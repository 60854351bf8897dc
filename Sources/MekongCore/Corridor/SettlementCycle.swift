import Foundation

/// One batch cycle of a store-and-forward corridor: payments handed off in
/// `[startsAt, closesAt)` are submitted together when it closes.
///
/// Cycles are aligned to the opening of the corridor's window in its own time zone (08:00,
/// 08:15, … in Kuala Lumpur), or to local midnight for a corridor open around the clock. The
/// last cycle of a window closes with the window.
public struct SettlementCycle: Sendable, Hashable {
    public let startsAt: Date
    public let closesAt: Date

    public init(startsAt: Date, closesAt: Date) {
        self.startsAt = startsAt
        self.closesAt = closesAt
    }

    /// The batch id a cycle is submitted under: stable, so a re-submission is deduplicated.
    public func batchID(corridor: String) -> String {
        "\(corridor)-\(Int64(startsAt.timeIntervalSince1970))"
    }

    /// The cycle open at `instant`, or nil when the corridor is closed then.
    public static func containing(_ instant: Date, hours: OperatingHours, cycleSeconds: Int) -> SettlementCycle? {
        guard hours.isOpen(at: instant) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = hours.timeZone
        let midnight = calendar.startOfDay(for: instant)
        var windowOpen = midnight
        var windowClose = calendar.date(byAdding: .day, value: 1, to: midnight)!
        if !hours.isAlwaysOpen {
            let minute = calendar.component(.hour, from: instant) * 60 + calendar.component(.minute, from: instant)
            guard let weekday = Weekday(rawValue: calendar.component(.weekday, from: instant)),
                let window = hours.windows.first(where: { $0.days.contains(weekday) && $0.opens.minutes <= minute && minute < $0.closes.minutes })
            else { return nil }
            windowOpen = midnight.addingTimeInterval(TimeInterval(window.opens.minutes * 60))
            windowClose = midnight.addingTimeInterval(TimeInterval(window.closes.minutes * 60))
        }
        let length = TimeInterval(cycleSeconds)
        let index = ((instant.timeIntervalSince(windowOpen)) / length).rounded(.down)
        let start = windowOpen.addingTimeInterval(index * length)
        return SettlementCycle(startsAt: start, closesAt: min(start.addingTimeInterval(length), windowClose))
    }

    /// The cycle a payment handed off at `instant` joins: the open one, or the first of the
    /// next window when the corridor is closed.
    public static func joining(at instant: Date, hours: OperatingHours, cycleSeconds: Int) -> SettlementCycle? {
        if let open = containing(instant, hours: hours, cycleSeconds: cycleSeconds) { return open }
        guard let opening = hours.nextOpening(after: instant) else { return nil }
        return containing(opening, hours: hours, cycleSeconds: cycleSeconds)
    }
}
