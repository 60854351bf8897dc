/// What a partner's answer means for the payment, after the adapter has mapped it.
public enum PartnerOutcome: Sendable, Equatable {
    /// The partner settled the transfer.
    case settled(partnerReference: String)
    /// The partner accepted the transfer and will settle later (batch, or still processing).
    case pending
    /// The partner refused the transfer, definitively.
    case rejected(ErrorCode, message: String)
    /// A status inquiry found no such transfer at the partner.
    case notFound
    /// The partner declined to process the transfer for now (429, maintenance, unreachable)
    /// and did not commit it: safe to send again after the delay.
    case deferred(reason: String, retryAfterSeconds: Int?)
    /// No usable answer: timeout, reset connection, 5xx, unreadable body. The transfer may
    /// or may not have been committed, so the next step is a status inquiry, never a failure.
    case ambiguous(reason: String)
}
