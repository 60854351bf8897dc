/// One opening window: a set of weekdays, each open from `opens` until just before `closes`.
public struct WeeklyWindow: Sendable, Hashable {
    public let days: Set<Weekday>
    public let opens: TimeOfDay
    public let closes: TimeOfDay

    public init(days: Set<Weekday>, opens: TimeOfDay, closes: TimeOfDay) {
        self.days = days
        self.opens = opens
        self.closes = closes
    }
}
