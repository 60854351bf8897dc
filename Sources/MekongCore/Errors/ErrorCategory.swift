/// The category of a Bakong error code, taken from its first digit.
public enum ErrorCategory: String, Sendable, Codable {
    case auth = "Auth"
    case validation = "Validation"
    case processing = "Processing"
    case system = "System"
    case crossBorder = "Cross-border"
    case compliance = "Compliance"
}
