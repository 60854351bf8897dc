import Foundation

/// When a corridor is open, in its own IANA time zone.
///
/// A window is half-open: with `08:00`–`20:00`, 07:59:59 is closed, 08:00:00 is open,
/// 19:59:59 is open and 20:00:00 is closed.
public struct OperatingHours: Sendable, Equatable {
    public let timeZone: TimeZone
    /// Empty means open around the clock.
    public let windows: [WeeklyWindow]

    public init(timeZone: TimeZone, windows: [WeeklyWindow]) {
        self.timeZone = timeZone
        self.windows = windows
    }

    public static func alwaysOpen(in timeZone: TimeZone) -> OperatingHours {
        OperatingHours(timeZone: timeZone, windows: [])
    }

    public var isAlwaysOpen: Bool { windows.isEmpty }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Whether the corridor is open at `instant`.
    public func isOpen(at instant: Date) -> Bool {
        guard !isAlwaysOpen else { return true }
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: instant)
        guard let weekday = parts.weekday.flatMap(Weekday.init(rawValue:)),
            let hour = parts.hour, let minute = parts.minute
        else { return false }
        let now = hour * 60 + minute
        return windows.contains { $0.days.contains(weekday) && $0.opens.minutes <= now && now < $0.closes.minutes }
    }

    /// The next instant at or after `instant` when the corridor opens (itself, if open now).
    /// Searches up to 8 days ahead; `nil` if no window ever opens.
    public func nextOpening(after instant: Date) -> Date? {
        if isOpen(at: instant) { return instant }
        let calendar = self.calendar
        let startOfDay = calendar.startOfDay(for: instant)
        var best: Date?
        for offset in 0...8 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: startOfDay) else { continue }
            guard let weekday = Weekday(rawValue: calendar.component(.weekday, from: day)) else { continue }
            for window in windows where window.days.contains(weekday) {
                guard let opening = calendar.date(byAdding: .minute, value: window.opens.minutes, to: day),
                    opening > instant
                else { continue }
                if best == nil || opening < best! { best = opening }
            }
            if best != nil { return best }
        }
        return best
    }
}
