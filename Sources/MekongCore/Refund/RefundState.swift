/// The states of a refund.
public enum RefundState: String, Sendable, Codable, CaseIterable {
    /// Accepted, not yet handed to the partner.
    case pending = "PENDING"
    /// Handed to the partner; its answer is awaited.
    case processing = "PROCESSING"
    /// The partner returned the money. Final.
    case processed = "PROCESSED"
    /// The partner refused the return. Final.
    case failed = "FAILED"

    public var isFinal: Bool { self == .processed || self == .failed }
}
