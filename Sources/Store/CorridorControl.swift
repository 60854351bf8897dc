public import Foundation

/// Ops' switch on a corridor: enabled, or disabled with a reason until an optional time.
public struct CorridorControl: Sendable, Equatable, Codable {
    public let corridorID: String
    public let enabled: Bool
    public let reason: String?
    public let until: Date?
    public let changedBy: String
    public let changedAt: Date

    public init(corridorID: String, enabled: Bool, reason: String?, until: Date?, changedBy: String, changedAt: Date) {
        self.corridorID = corridorID
        self.enabled = enabled
        self.reason = reason
        self.until = until
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    /// Whether the corridor is closed by ops at `instant` (a disable with an `until` lapses then).
    public func isClosed(at instant: Date) -> Bool {
        !enabled && (until.map { $0 > instant } ?? true)
    }

    /// Whether a disable with an `until` has lapsed and the row is still marked disabled: it
    /// is due to be reopened (and audited) by the system.
    public func isDueToReopen(at instant: Date) -> Bool {
        !enabled && (until.map { $0 <= instant } ?? false)
    }
}
