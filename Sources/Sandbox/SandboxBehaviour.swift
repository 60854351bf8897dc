/// How a sandbox partner treats a transfer to one of the `SandboxAccounts`, whatever its wire
/// format. Each simulator maps these onto its own statuses and reason codes.
enum SandboxBehaviour {
    case settle
    case pending
    case rejectInsufficientFunds
    case rejectInvalidAccount
    case settleSlowly
    case bookThenHang
    case bookThenReset
    case dropWithoutBooking
    case refuseCredentials
    case expireTokenOnce
    case rejectPartnerLimit
    case rejectDuplicate
    case rejectNoFXRate
    case rejectCorridorDown
    case throttleOnce

    init(account: String) {
        switch account {
        case SandboxAccounts.insufficientFunds: self = .rejectInsufficientFunds
        case SandboxAccounts.invalidAccount: self = .rejectInvalidAccount
        case SandboxAccounts.slow: self = .settleSlowly
        case SandboxAccounts.commitThenHang: self = .bookThenHang
        case SandboxAccounts.commitThenReset: self = .bookThenReset
        case SandboxAccounts.dropWithoutBooking: self = .dropWithoutBooking
        case SandboxAccounts.foreverPending: self = .pending
        case SandboxAccounts.credentialsRefused: self = .refuseCredentials
        case SandboxAccounts.tokenExpiresOnce: self = .expireTokenOnce
        case SandboxAccounts.partnerLimit: self = .rejectPartnerLimit
        case SandboxAccounts.duplicateAtPartner: self = .rejectDuplicate
        case SandboxAccounts.fxUnavailable: self = .rejectNoFXRate
        case SandboxAccounts.corridorDown: self = .rejectCorridorDown
        case SandboxAccounts.throttledOnce: self = .throttleOnce
        default: self = .settle
        }
    }

    /// The pause before a transfer is booked: the slow account waits; the dropping account
    /// hangs until shutdown and returns true (the caller then answers without booking).
    func pauseBeforeBooking(slowSeconds: Int) async throws -> Bool {
        switch self {
        case .dropWithoutBooking:
            try await SandboxPause.hang()
            return true
        case .settleSlowly:
            try await SandboxPause.seconds(slowSeconds)
            return false
        default:
            return false
        }
    }

    /// After a transfer is booked: the commit-then-hang account never answers; the
    /// commit-then-reset account resets the connection instead of answering.
    func pauseAfterBooking() async throws {
        switch self {
        case .bookThenHang: try await SandboxPause.hang()
        case .bookThenReset:
            try await SandboxConnection.reset()
            try await SandboxPause.hang()
        default: break
        }
    }
}
