/// A payment ready to be stored: the record after INITIATED → VALIDATED → FX_PENDING, its
/// history rows, its outbox events and the idempotency record that answers a retry.
public struct NewPayment: Sendable {
    public let payment: PaymentRecord
    public let history: [HistoryEntry]
    public let events: [OutboxEvent]
    public let idempotency: IdempotencyRecord
    /// What the payment takes from its sender's velocity allowance, when its corridor sets one.
    public let velocity: VelocityTake?
    /// The review of a payment held on a possible sanctions match.
    public let review: ScreeningReviewRecord?

    public init(
        payment: PaymentRecord, history: [HistoryEntry], events: [OutboxEvent], idempotency: IdempotencyRecord,
        velocity: VelocityTake? = nil, review: ScreeningReviewRecord? = nil
    ) {
        self.payment = payment
        self.history = history
        self.events = events
        self.idempotency = idempotency
        self.velocity = velocity
        self.review = review
    }
}
