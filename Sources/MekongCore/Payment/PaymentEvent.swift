/// Something that happened to a payment. The state machine decides what it means.
public enum PaymentEvent: Sendable, Equatable {
    /// Accounts, limits, hours, corridor status and screening all passed.
    case validationPassed
    /// Validation refused the payment.
    case validationFailed(ErrorCode)
    /// Cross-border: the rate was locked from the quote's snapshot.
    case rateLocked
    /// Cross-border: no usable snapshot (3003).
    case rateUnavailable
    /// Cross-border: the payment is being handed to the partner.
    case handedToPartner
    /// Cross-border: the partner confirmed final settlement.
    case partnerSettled
    /// The partner refused the payment.
    case partnerRejected(ErrorCode)
    /// A status inquiry confirmed the partner never received the payment.
    case partnerConfirmedNotReceived
    /// Domestic legs and KHQR charges: the ledger settled.
    case domesticSettled
    /// A system-level failure that ends the payment.
    case systemFailed(ErrorCode)
    /// Screening found a possible sanctions match: the payment waits for review (6001).
    case screeningHeld
    /// A compliance officer cleared the match: the payment is handed off as usual.
    case reviewReleased
    /// A compliance officer confirmed the match: the payment is rejected (6002).
    case reviewRejected

    /// A short stable name, stored in the history.
    public var name: String {
        switch self {
        case .validationPassed: "validation_passed"
        case .validationFailed: "validation_failed"
        case .rateLocked: "rate_locked"
        case .rateUnavailable: "rate_unavailable"
        case .handedToPartner: "handed_to_partner"
        case .partnerSettled: "partner_settled"
        case .partnerRejected: "partner_rejected"
        case .partnerConfirmedNotReceived: "partner_confirmed_not_received"
        case .domesticSettled: "domestic_settled"
        case .systemFailed: "system_failed"
        case .screeningHeld: "screening_held"
        case .reviewReleased: "review_released"
        case .reviewRejected: "review_rejected"
        }
    }

    /// The error code the event carries, if it is a failure.
    public var errorCode: ErrorCode? {
        switch self {
        case .validationFailed(let code), .partnerRejected(let code), .systemFailed(let code): code
        case .rateUnavailable: .fxRateUnavailable
        case .partnerConfirmedNotReceived: .transactionTimeout
        case .screeningHeld: .complianceHold
        case .reviewRejected: .complianceRejected
        default: nil
        }
    }
}
