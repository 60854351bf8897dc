/// Whether a payment crosses a border or stays on the domestic Bakong ledger.
public enum PaymentFlow: String, Sendable, Codable {
    case crossBorder = "cross_border"
    case domestic
}
