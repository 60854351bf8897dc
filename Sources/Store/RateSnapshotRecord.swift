public import Foundation

/// A treasury rate snapshot as stored: its rates as decimal strings, and where it is in
/// maker-checker (uploaded by one key, approved or rejected by another).
public struct RateSnapshotRecord: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case pending, approved, rejected }

    public let id: String
    public let provider: String
    public let effectiveAt: Date
    /// Pair → decimal rate, e.g. "USD/THB" → "34.25".
    public let rates: [String: String]
    public var status: Status
    /// yaml or csv: how it was uploaded.
    public let sourceFormat: String
    public let uploadedBy: String
    public let uploadedClient: String
    public let uploadedAt: Date
    public var decidedBy: String?
    public var decidedClient: String?
    public var decidedAt: Date?
    public var decisionNote: String?

    public init(
        id: String, provider: String, effectiveAt: Date, rates: [String: String], status: Status, sourceFormat: String,
        uploadedBy: String, uploadedClient: String, uploadedAt: Date, decidedBy: String? = nil, decidedClient: String? = nil,
        decidedAt: Date? = nil, decisionNote: String? = nil
    ) {
        self.id = id
        self.provider = provider
        self.effectiveAt = effectiveAt
        self.rates = rates
        self.status = status
        self.sourceFormat = sourceFormat
        self.uploadedBy = uploadedBy
        self.uploadedClient = uploadedClient
        self.uploadedAt = uploadedAt
        self.decidedBy = decidedBy
        self.decidedClient = decidedClient
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
    }

    /// When an approved snapshot took effect: its effective time, or its approval if that came later.
    public var inForceFrom: Date? {
        guard status == .approved, let decidedAt else { return nil }
        return max(effectiveAt, decidedAt)
    }
}
