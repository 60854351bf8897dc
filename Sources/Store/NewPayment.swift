/// A payment ready to be stored: the record after INITIATED → VALIDATED → FX_PENDING, its
/// history rows, its outbox events and the idempotency record that answers a retry.
public struct NewPayment: Sendable {
    public let payment: PaymentRecord
    public let history: [HistoryEntry]
    public let events: [OutboxEvent]
    public let idempotency: IdempotencyRecord

    public init(payment: PaymentRecord, history: [HistoryEntry], events: [OutboxEvent], idempotency: IdempotencyRecord) {
        self.payment = payment
        self.history = history
        self.events = events
        self.idempotency = idempotency
    }
}
