public import Foundation
import MekongCore

/// Maintenance scheduled by ops on one corridor: from `startsAt` until `endsAt` nothing is
/// handed to its partner and new payments are refused with 5001.
public struct MaintenanceWindow: Sendable, Equatable, Codable {
    public let id: String
    public let corridorID: String
    public let startsAt: Date
    public let endsAt: Date
    public let reason: String
    public let createdBy: String
    public let createdAt: Date
    public var cancelledBy: String?
    public var cancelledAt: Date?

    public init(
        id: String, corridorID: String, startsAt: Date, endsAt: Date, reason: String, createdBy: String, createdAt: Date,
        cancelledBy: String? = nil, cancelledAt: Date? = nil
    ) {
        self.id = id
        self.corridorID = corridorID
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.cancelledBy = cancelledBy
        self.cancelledAt = cancelledAt
    }

    /// Whether the window is under way at `instant`.
    public func contains(_ instant: Date) -> Bool {
        cancelledAt == nil && startsAt <= instant && instant < endsAt
    }

    /// What apps and ops are told while it runs.
    public var refusal: String {
        "\(corridorID) is in scheduled maintenance until \(RFC3339.string(from: endsAt)): \(reason)"
    }
}
