import Foundation

/// Where the current time comes from, so that hours, expiries and schedules can be
/// tested with an injected clock.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
