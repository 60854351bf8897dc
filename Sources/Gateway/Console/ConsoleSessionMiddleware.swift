import Foundation
import Hummingbird
import MekongCore
import Store

/// Guards every console page but the login: the session cookie must name an unexpired
/// session whose key is still valid, of the ops, treasury or admin role; every POST must
/// carry the session's CSRF token in its `csrf` field. Without a session a page redirects to
/// the login; a POST without the token gets 403 and changes nothing.
struct ConsoleSessionMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let desk: ConsoleBackend

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard let token = request.cookies[ConsoleBackend.sessionCookie]?.value, !token.isEmpty,
            let found = try await desk.sessions.find(tokenHash: ConsoleBackend.hash(token), now: desk.clock.now())
        else {
            return ConsoleBackend.redirect("/console/login")
        }
        let caller: Caller
        do {
            caller = try KeyAuthenticator.caller(for: found.key, from: context.remoteAddress)
            guard caller.role != .app else { throw APIError(.forbidden, "app keys cannot use the console") }
        } catch {
            try await desk.sessions.delete(tokenHash: ConsoleBackend.hash(token))
            return ConsoleBackend.redirect("/console/login")
        }
        var request = request
        if request.method == .post {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let sent = ConsoleForm(Array(body.readableBytesView))["csrf"] ?? ""
            guard ConstantTime.equal(Data(sent.utf8), Data(found.csrfToken.utf8)) else {
                throw ConsoleFailure(
                    status: 403,
                    message:
                        "This form did not come from your console session (its CSRF token is missing or wrong). Nothing was changed. Reload the page and try again."
                )
            }
        }
        var context = context
        context.consoleSession = ConsoleSession(caller: caller, keyName: found.key.name, csrfToken: found.csrfToken)
        return try await next(request, context)
    }
}
