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
    /// Never answers and books nothing: a status inquiry finds no such transfer.
    public static let dropWithoutBooking = "0000000599"
    /// Answers "pending" to the submission and to every inquiry.
    public static let foreverPending = "0000000202"
}
