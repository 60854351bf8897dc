/// What reconciliation says of one item.
enum ReconciliationClass: String, Sendable, CaseIterable, Codable {
    case matched
    /// The amounts differ by more than the FX rounding tolerance.
    case amountMismatch = "amount_mismatch"
    /// In the file, unknown to Mekong.
    case missingAtGateway = "missing_at_gateway"
    /// Settled at Mekong that day, absent from the file.
    case missingInFile = "missing_in_file"
    /// Settled at the partner while Mekong has it failed (TIMEOUT, REJECTED, ERROR).
    case stateMismatch = "state_mismatch"
    case duplicateInFile = "duplicate_in_file"
    /// The file's total for the day differs from what the corridor's position ledger moved for
    /// it: the prefunded account and Mekong's record of it disagree.
    case positionMismatch = "position_mismatch"
    /// Settled on another business day in Asia/Phnom_Penh (across 23:59:59).
    case timing
}
