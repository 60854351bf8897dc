/// A return of (part of) a settled transfer, as an adapter sends it to the partner.
public struct ReturnInstruction: Sendable, Equatable {
    /// Mekong's refund id; the partner dedupes on it.
    public let reference: String
    /// The original payment's reference.
    public let originalReference: String
    /// What the partner returns, in its currency.
    public let amount: Money
    public let reason: String?

    public init(reference: String, originalReference: String, amount: Money, reason: String?) {
        self.reference = reference
        self.originalReference = originalReference
        self.amount = amount
        self.reason = reason
    }
}
