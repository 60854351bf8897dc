/// Beneficiary accounts that make every sandbox partner answer a fixed way. Any other
/// account settles at once.
public enum SandboxAccounts {
    /// Rejected: insufficient funds (ISO 20022 AM04 → Bakong 2001).
    public static let insufficientFunds = "0000002001"
    /// Rejected: invalid creditor account (AC03 → 2003).
    public static let invalidAccount = "0000002003"
    /// Settles after a delay (`MEKONG_SANDBOX_SLOW_SECONDS`, default 3).
    public static let slow = "0000000408"
    /// Books the transfer, then never answers: the sender must ask for its status.
    public static let commitThenHang = "0000000504"
    /// Books the transfer, then resets the connection (TCP RST) instead of answering.
    public static let commitThenReset = "0000000505"
    /// Never answers and books nothing: a status inquiry finds no such transfer.
    public static let dropWithoutBooking = "0000000599"
    /// Answers "pending" to the submission and to every inquiry.
    public static let foreverPending = "0000000202"
    /// Refuses Mekong's client credentials (401 invalid_client → 1001).
    public static let credentialsRefused = "0000001001"
    /// Refuses the bearer token once (401 invalid_token → 1002): Mekong fetches a new one and retries.
    public static let tokenExpiresOnce = "0000001002"
    /// Rejected by the partner's own limit (AM02 → 2005).
    public static let partnerLimit = "0000002005"
    /// Rejected as a duplicate reference (AM05 → 2007).
    public static let duplicateAtPartner = "0000002007"
    /// Rejected: the partner has no FX rate (FX01 → 3003).
    public static let fxUnavailable = "0000003003"
    /// Rejected: the partner's side of the corridor is unavailable (NOAS → 5001).
    public static let corridorDown = "0000005001"
    /// Answers 429 with Retry-After: 2 the first time, without booking.
    public static let throttledOnce = "0000000429"
}
