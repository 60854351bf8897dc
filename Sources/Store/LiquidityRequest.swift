public import Foundation

/// A top-up or an adjustment of a corridor's position, under maker-checker.
public struct LiquidityRequest: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable, Codable {
        case topup
        case adjustment
    }
    public enum Status: String, Sendable, Codable, CaseIterable {
        case pending
        case approved
        case rejected
    }

    public let id: String
    public let corridorID: String
    public let kind: Kind
    /// Signed for an adjustment; positive for a top-up.
    public let amountMinor: Int64
    public let currency: String
    public let note: String
    public var status: Status
    public let requestedBy: String
    public let requestedClient: String
    public let requestedAt: Date
    public var decidedBy: String?
    public var decidedClient: String?
    public var decidedAt: Date?
    public var decisionNote: String?

    public init(
        id: String, corridorID: String, kind: Kind, amountMinor: Int64, currency: String, note: String, status: Status = .pending,
        requestedBy: String, requestedClient: String, requestedAt: Date, decidedBy: String? = nil, decidedClient: String? = nil,
        decidedAt: Date? = nil, decisionNote: String? = nil
    ) {
        self.id = id
        self.corridorID = corridorID
        self.kind = kind
        self.amountMinor = amountMinor
        self.currency = currency
        self.note = note
        self.status = status
        self.requestedBy = requestedBy
        self.requestedClient = requestedClient
        self.requestedAt = requestedAt
        self.decidedBy = decidedBy
        self.decidedClient = decidedClient
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
    }
}
