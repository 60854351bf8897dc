import Foundation

/// The Bakong network's own maintenance window: the first Sunday of each month,
/// 02:00–06:00 Asia/Phnom_Penh (NBC guide, error 4001). Payments are queued and
/// retried after it.
public struct MaintenanceCalendar: Sendable {
    public let timeZone: TimeZone
    public let startsAt: TimeOfDay
    public let endsAt: TimeOfDay

    public init(timeZone: TimeZone, startsAt: TimeOfDay, endsAt: TimeOfDay) {
        self.timeZone = timeZone
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// The Bakong default.
    public static let bakong = MaintenanceCalendar(
        timeZone: TimeZone(identifier: "Asia/Phnom_Penh")!,
        startsAt: TimeOfDay(minutes: 2 * 60),
        endsAt: TimeOfDay(minutes: 6 * 60)
    )

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// If `instant` falls in a maintenance window, the instant it ends; otherwise `nil`.
    public func windowEnd(containing instant: Date) -> Date? {
        let calendar = self.calendar
        let parts = calendar.dateComponents([.weekday, .day, .hour, .minute], from: instant)
        guard parts.weekday == Weekday.sun.rawValue, let day = parts.day, day <= 7,
            let hour = parts.hour, let minute = parts.minute
        else { return nil }
        let now = hour * 60 + minute
        guard startsAt.minutes <= now, now < endsAt.minutes else { return nil }
        return calendar.date(byAdding: .minute, value: endsAt.minutes, to: calendar.startOfDay(for: instant))
    }
}
