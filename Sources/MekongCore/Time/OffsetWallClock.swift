import Foundation

/// A clock that starts at a chosen instant and then runs at real speed. Set with
/// `clock.start_at` for tests and demos of hours, cycles and maintenance windows; never
/// in production.
public struct OffsetWallClock: WallClock {
    public let offset: TimeInterval

    public init(startingAt start: Date, realNow: Date = Date()) {
        offset = start.timeIntervalSince(realNow)
    }

    public func now() -> Date { Date().addingTimeInterval(offset) }
}
