/// A signed-in console user: the API key's caller the session acts as, and the token every
/// form must carry back.
struct ConsoleSession: Sendable {
    let caller: Caller
    let keyName: String
    let csrfToken: String

    /// Ops (and admin) keys may open and close corridors and re-send webhooks.
    var mayOperate: Bool { caller.role == .ops || caller.role == .admin }
    /// Treasury (and admin) keys may upload and decide rate snapshots.
    var mayManageRates: Bool { caller.role == .treasury || caller.role == .admin }
    /// Treasury (and admin) keys may top up and adjust positions, decide them, and set marks.
    var mayManageFunds: Bool { caller.role == .treasury || caller.role == .admin }
}
