public import Foundation

/// A payment held on a possible sanctions match, and what its review decided. `hits` is the
/// JSON the reviewer reads (both parties' names, the list entries, the scores); it never
/// reaches the app.
public struct ScreeningReviewRecord: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case open
        case released
        case rejected
    }

    public let paymentID: String
    public let corridorID: String
    /// `outbound` or `inbound`.
    public let direction: String
    public var status: Status
    public let hits: String
    public let topScore: Double
    public let createdAt: Date
    public var decidedBy: String?
    public var decidedClient: String?
    public var decidedAt: Date?
    public var reason: String?

    public init(
        paymentID: String, corridorID: String, direction: String, status: Status = .open, hits: String, topScore: Double, createdAt: Date,
        decidedBy: String? = nil, decidedClient: String? = nil, decidedAt: Date? = nil, reason: String? = nil
    ) {
        self.paymentID = paymentID
        self.corridorID = corridorID
        self.direction = direction
        self.status = status
        self.hits = hits
        self.topScore = topScore
        self.createdAt = createdAt
        self.decidedBy = decidedBy
        self.decidedClient = decidedClient
        self.decidedAt = decidedAt
        self.reason = reason
    }
}
