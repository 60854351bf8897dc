public import Foundation

/// A refusal or failure that reaches an API caller: a code from the one error table,
/// a message for humans, and, for limit refusals, the rule that fired.
public struct MekongError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String
    /// The rule that fired, for limits and routing (for example `KH-TH.limits.P2P`).
    public let rule: String?
    /// Extra facts for the caller, such as the limit that applies or the next opening time.
    public let details: [String: String]
    /// When this refusal is known to end (a closure's `until`, a window's end, the next
    /// opening): the caller may retry then, and the advice says so.
    public let retryAfter: Date?
    /// What the caller should do, when this case knows better than its code's table advice.
    public let advice: String?
    /// Whether retrying can succeed, when this case differs from its code's table flag
    /// (a planned corridor answers 5001 but retrying will not help).
    public let retryableOverride: Bool?

    public init(
        _ code: ErrorCode, _ message: String, rule: String? = nil, details: [String: String] = [:],
        retryAfter: Date? = nil, advice: String? = nil, retryable: Bool? = nil
    ) {
        self.code = code
        self.message = message
        self.rule = rule
        self.details = details
        self.retryAfter = retryAfter
        self.advice = advice
        self.retryableOverride = retryable
    }

    /// Whether the caller may retry the same request.
    public var retryable: Bool { retryableOverride ?? code.retryable }

    /// What the caller should do: this case's own advice, "Retry after <time>" when the end
    /// is known, or the table's advice for the code.
    public var recommendedAction: String {
        if let advice { return advice }
        if let retryAfter, retryable { return "Retry after \(RFC3339.string(from: retryAfter))" }
        return code.recommendedAction
    }

    public var description: String { "\(code.number) \(message)" }

    public static func invalid(_ message: String) -> MekongError { MekongError(.invalidRequest, message) }
    public static func notFound(_ what: String) -> MekongError { MekongError(.notFound, "\(what) not found") }
}
