/// What the I/O layer must do after a transition. The state machine never does it itself.
public enum PaymentAction: Sendable, Equatable {
    /// Lock the rate from the quote's snapshot.
    case lockRate
    /// Hand the payment to the corridor's partner.
    case dispatchToPartner
    /// Wait for the partner's answer, callback or the next status inquiry.
    case awaitPartner
    /// The payment reached a final state: announce it.
    case announceFinal(PaymentState)
    /// Domestic: settle on the ledger.
    case settleDomestic
    /// Held: wait for a compliance officer's decision; nothing is handed off meanwhile.
    case awaitReview
}
