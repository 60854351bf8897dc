/// A refusal or failure that reaches an API caller: a code from the one error table,
/// a message for humans, and, for limit refusals, the rule that fired.
public struct MekongError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String
    /// The rule that fired, for limits and routing (for example `KH-TH.limits.P2P`).
    public let rule: String?
    /// Extra facts for the caller, such as the limit that applies or the next opening time.
    public let details: [String: String]

    public init(_ code: ErrorCode, _ message: String, rule: String? = nil, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.rule = rule
        self.details = details
    }

    public var description: String { "\(code.number) \(message)" }

    public static func invalid(_ message: String) -> MekongError { MekongError(.invalidRequest, message) }
    public static func notFound(_ what: String) -> MekongError { MekongError(.notFound, "\(what) not found") }
}
