/// Who pays whom: person to person or business to business. Limits differ by type.
public enum PaymentType: String, Sendable, Codable, CaseIterable {
    case p2p = "P2P"
    case b2b = "B2B"
}
