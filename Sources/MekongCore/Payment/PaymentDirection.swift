/// Which way a cross-border payment moves, seen from Cambodia.
public enum PaymentDirection: String, Sendable, Codable {
    /// A Cambodian payer to a foreign payee: handed to the corridor's partner.
    case outbound
    /// A foreign payer to a Cambodian payee: pushed by the partner, credited through Bakong.
    case inbound
}
