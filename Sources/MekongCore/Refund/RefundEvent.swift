/// Something that happened to a refund.
public enum RefundEvent: Sendable, Equatable {
    case handedToPartner
    case partnerReturned
    case partnerRefused(ErrorCode)

    public var name: String {
        switch self {
        case .handedToPartner: "handed_to_partner"
        case .partnerReturned: "partner_returned"
        case .partnerRefused: "partner_refused"
        }
    }
}
