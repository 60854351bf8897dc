import MekongCore

/// Checks the caller's role for a route. Admin keys pass every guard.
enum RoleGuard {
    @discardableResult
    static func require(_ context: GatewayContext, _ roles: Role...) throws -> Caller {
        let caller = try context.requireCaller()
        guard caller.role == .admin || roles.contains(caller.role) else {
            throw APIError(
                .forbidden, "this route needs the \(roles.map(\.rawValue).joined(separator: " or ")) role; the key has \(caller.role.rawValue)")
        }
        return caller
    }
}
