/// How a sandbox partner treats a transfer to one of the `SandboxAccounts`, whatever its wire
/// format. Each simulator maps these onto its own statuses and reason codes.
enum SandboxBehaviour {
    case settle
    case pending
    case rejectInsufficientFunds
    case rejectInvalidAccount
    case settleSlowly
    case bookThenHang
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

    /// The pause after a transfer is booked: the commit-then-hang account never answers.
    func pauseAfterBooking() async throws {
        if self == .bookThenHang { try await SandboxPause.hang() }
    }
}
