/// A Bakong standard error code (NBC integration guide, "Bakong Standard Error Codes"),
/// or one of the few codes Mekong adds in the same numbering for gateway-level faults.
///
/// There is exactly one table: every partner error, validation failure and system
/// fault maps to one of these, and the API answers with its number, category,
/// retryability, recommended action and HTTP status.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    public let number: Int
    public let category: ErrorCategory
    public let summary: String
    public let retryable: Bool
    public let recommendedAction: String
    public let httpStatus: Int
    /// True for the codes of the NBC table; false for Mekong's own additions.
    public let isBakongStandard: Bool

    public var description: String { "\(number) \(summary)" }

    // MARK: The NBC table
    public static let invalidCredentials = ErrorCode(1001, .auth, "Invalid API credentials", false, "Check API key, contact bank partner", 401, true)
    public static let tokenExpired = ErrorCode(1002, .auth, "Token expired", true, "Refresh OAuth token and retry", 401, true)
    public static let insufficientFunds = ErrorCode(2001, .validation, "Insufficient funds", false, "Notify payer, do not retry", 422, true)
    public static let invalidBeneficiaryAccount = ErrorCode(
        2003, .validation, "Invalid beneficiary account", false, "Verify account number with payer", 422, true)
    public static let limitExceeded = ErrorCode(2005, .validation, "Amount exceeds limit", false, "Split transaction or increase limit", 422, true)
    public static let duplicateReference = ErrorCode(
        2007, .validation, "Duplicate transaction reference", false, "Query status of existing transaction", 409, true)
    public static let transactionTimeout = ErrorCode(3001, .processing, "Transaction timeout", true, "Query status before retry", 504, true)
    public static let fxRateUnavailable = ErrorCode(3003, .processing, "FX rate unavailable", true, "Retry after 60 seconds", 503, true)
    public static let systemMaintenance = ErrorCode(
        4001, .system, "Bakong system maintenance", true, "Queue and retry after maintenance window", 503, true)
    public static let corridorUnavailable = ErrorCode(
        5001, .crossBorder, "Corridor temporarily unavailable", true, "Retry after 5 minutes", 503, true)

    // MARK: Mekong's additions, in the same numbering
    public static let forbidden = ErrorCode(
        1003, .auth, "API key may not use this route", false, "Use a key with the role or permission the route needs", 403, false)
    public static let secondPersonRequired = ErrorCode(
        1005, .auth, "A second person must approve this", false, "Ask a holder of another client's key with the same role to approve it", 403, false)
    public static let rateLimited = ErrorCode(1004, .auth, "Too many requests", true, "Wait for Retry-After, then retry", 429, false)
    public static let invalidRequest = ErrorCode(2000, .validation, "Invalid request", false, "Fix the request as the message says", 400, false)
    public static let routeNotOffered = ErrorCode(
        2006, .validation, "Route not offered by corridor", false, "Choose a corridor, direction and payment type it carries", 422, false)
    public static let idempotencyKeyReused = ErrorCode(
        2008, .validation, "Idempotency-Key reused with a different request", false, "Use a new Idempotency-Key for a new request", 422, false)
    public static let quoteNotUsable = ErrorCode(2009, .validation, "Quote expired or already used", false, "Request a new quote", 422, false)
    public static let notFound = ErrorCode(2010, .validation, "Not found", false, "Check the id", 404, false)
    public static let requestInFlight = ErrorCode(
        2011, .validation, "A request with this Idempotency-Key is in flight", true, "Retry after the first request completes", 409, false)
    public static let payloadTooLarge = ErrorCode(2012, .validation, "Request body too large", false, "Send a smaller body", 413, false)
    public static let stateConflict = ErrorCode(
        2013, .validation, "Conflicts with the object's current state", false, "Read the object again and act on its current state", 409, false)
    public static let internalError = ErrorCode(4000, .system, "Internal error", true, "Retry later; contact support with the request id", 500, false)
    public static let storeUnavailable = ErrorCode(4002, .system, "Database unavailable", true, "Retry shortly", 503, false)
    /// A hold, not a refusal: the payment was accepted and waits for treasury to fund its corridor.
    public static let awaitingLiquidity = ErrorCode(
        5002, .crossBorder, "Awaiting corridor funding", true, "Wait: the payment goes when treasury funds the corridor, first in first out", 202,
        false)
    public static let insufficientLiquidity = ErrorCode(
        5003, .crossBorder, "Corridor settlement account short", true, "Retry later, or choose another corridor", 503, false)
    /// A hold, not a refusal: the payment was accepted (201) and waits for a compliance officer.
    public static let complianceHold = ErrorCode(
        6001, .compliance, "Held for compliance review", false,
        "Wait for the review: the payment is then handed off, or rejected with 6002", 202, false)
    public static let complianceRejected = ErrorCode(
        6002, .compliance, "Rejected by compliance review", false, "Do not retry; nothing was sent to the partner", 422, false)

    /// Every code, for documentation and exhaustive tests.
    public static let all: [ErrorCode] = [
        invalidCredentials, tokenExpired, forbidden, rateLimited, secondPersonRequired,
        invalidRequest, insufficientFunds, invalidBeneficiaryAccount, limitExceeded, routeNotOffered,
        duplicateReference, idempotencyKeyReused, quoteNotUsable, notFound, requestInFlight, payloadTooLarge, stateConflict,
        transactionTimeout, fxRateUnavailable,
        internalError, systemMaintenance, storeUnavailable,
        corridorUnavailable, awaitingLiquidity, insufficientLiquidity,
        complianceHold, complianceRejected,
    ]

    /// Looks a code up by number.
    public static func number(_ number: Int) -> ErrorCode? { all.first { $0.number == number } }

    private init(
        _ number: Int, _ category: ErrorCategory, _ summary: String, _ retryable: Bool,
        _ action: String, _ httpStatus: Int, _ standard: Bool
    ) {
        self.number = number
        self.category = category
        self.summary = summary
        self.retryable = retryable
        self.recommendedAction = action
        self.httpStatus = httpStatus
        self.isBakongStandard = standard
    }
}
