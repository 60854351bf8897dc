/// How storing a new payment ended.
public enum PaymentCreation: Sendable {
    /// Stored, with its idempotency record.
    case created
    /// The client's Idempotency-Key already has a record: replay or refuse by its hash.
    case keyExists(IdempotencyRecord)
    /// The quote already backs another payment.
    case quoteAlreadyUsed
    /// An inbound payment with this partner reference exists already.
    case partnerReferenceExists
    /// The payment would take its sender past a velocity limit: nothing was stored.
    case allowanceExceeded
}
