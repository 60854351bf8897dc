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

    init(account: String) {
        switch account {
        case SandboxAccounts.insufficientFunds: self = .rejectInsufficientFunds
        case SandboxAccounts.invalidAccount: self = .rejectInvalidAccount
        case SandboxAccounts.slow: self = .settleSlowly
        case SandboxAccounts.commitThenHang: self = .bookThenHang
        case SandboxAccounts.dropWithoutBooking: self = .dropWithoutBooking
        case SandboxAccounts.foreverPending: self = .pending
        default: self = .settle
        }
    }
}
