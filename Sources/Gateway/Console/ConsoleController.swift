import Foundation
import Hummingbird
import MekongCore
import Store

/// The staff console under `/console`: sign-in with an ops, treasury or admin API key (a
/// session cookie from then on), sign-out, the stylesheet, and the pages, each of which reads
/// and acts through the API in-process (`ConsoleAPI`).
struct ConsoleController {
    let desk: ConsoleBackend

    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "console", withExtension: "css", subdirectory: "Resources/console"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

    func register(on router: Router<GatewayContext>) {
        let console = router.group("console").add(middleware: ConsolePageMiddleware(desk: desk))
        console.get("console.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.stylesheet)))
        }
        console.get("login") { request, context in login(request, context: context, error: nil) }
        console.post("login") { request, context in try await signIn(request, context: context) }

        let pages = console.group().add(middleware: ConsoleSessionMiddleware(desk: desk))
        pages.get { _, _ in ConsoleBackend.redirect("/console/corridors") }
        pages.post("logout") { request, context in
            if let token = request.cookies[ConsoleBackend.sessionCookie]?.value {
                try await desk.sessions.delete(tokenHash: ConsoleBackend.hash(token))
            }
            var response = ConsoleBackend.redirect("/console/login")
            response.setCookie(desk.cookie(ConsoleBackend.sessionCookie, "", maxAge: 0))
            return response
        }
        ConsoleCorridorPages(desk: desk).register(on: pages)
        ConsoleRatePages(desk: desk).register(on: pages)
        ConsolePaymentPages(desk: desk).register(on: pages)
        ConsoleWebhookPages(desk: desk).register(on: pages)
        ConsoleReconciliationPages(desk: desk).register(on: pages)
        ConsoleCompliancePages(desk: desk).register(on: pages)
        ConsoleLiquidityPages(desk: desk).register(on: pages)
    }

    /// The sign-in form, with a one-time token also set as a cookie (double submit), so a
    /// login cannot be forced from another site.
    private func login(_ request: Request, context: GatewayContext, error: String?) -> Response {
        let token = ConsoleBackend.token()
        var data: [String: Any] = ["csrf": token]
        if let error { data["error"] = error }
        var response = desk.page(
            "login", title: "Sign in", data: data, request: request, context: context,
            status: error == nil ? .ok : .unauthorized)
        response.setCookie(desk.cookie(ConsoleBackend.loginCookie, token, maxAge: ConsoleBackend.signInFormSeconds, path: "/console/login"))
        return response
    }

    private func signIn(_ request: Request, context: GatewayContext) async throws -> Response {
        if let wait = desk.signInLimiter.check(keyID: context.remoteAddress ?? "unknown") {
            throw ConsoleFailure(status: 429, message: "Too many sign-in attempts from this address. Try again in \(wait) s.")
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let form = ConsoleForm(Array(body.readableBytesView))
        guard let sent = form["csrf"], !sent.isEmpty, let expected = request.cookies[ConsoleBackend.loginCookie]?.value,
            ConstantTime.equal(Data(sent.utf8), Data(expected.utf8))
        else {
            throw ConsoleFailure(status: 403, message: "The sign-in form expired or did not come from this console. Open the sign-in page again.")
        }
        // The form's token is good for one attempt, whatever its outcome (a failed attempt
        // gets a fresh form): the same form posted twice never makes a second session.
        guard try await desk.sessions.spendSignInToken(hash: ConsoleBackend.hash(sent), at: desk.clock.now()) else {
            throw ConsoleFailure(status: 403, message: "This sign-in form was used already. Open the sign-in page again.")
        }
        let caller: Caller
        do {
            caller = try await desk.authenticator.caller(presenting: form.text("key") ?? "", from: context.remoteAddress)
        } catch let error as APIError {
            return login(request, context: context, error: error.error.message)
        }
        guard caller.role != .app, caller.role != .merchant else {
            return login(request, context: context, error: "the console is for ops, treasury and admin keys; this is an \(caller.role.rawValue) key")
        }
        let token = ConsoleBackend.token()
        let csrf = ConsoleBackend.token()
        let now = desk.clock.now()
        try await desk.sessions.create(
            tokenHash: ConsoleBackend.hash(token), keyID: caller.keyID, csrfToken: csrf, at: now,
            expiresAt: now.addingTimeInterval(desk.sessionLifetime))
        try await desk.audit.record(
            AuditEntry(
                actorKeyID: caller.keyID, action: "console.sign_in", target: caller.keyID, before: nil,
                after: nil, at: now, sourceAddress: context.remoteAddress))
        try await desk.sessions.purge(expiredBefore: now)
        try await desk.sessions.purgeSpentSignInTokens(before: now.addingTimeInterval(-TimeInterval(ConsoleBackend.signInFormSeconds)))
        var response = ConsoleBackend.redirect("/console/corridors")
        response.setCookie(desk.cookie(ConsoleBackend.sessionCookie, token, maxAge: Int(desk.sessionLifetime)))
        response.setCookie(desk.cookie(ConsoleBackend.loginCookie, "", maxAge: 0, path: "/console/login"))
        return response
    }
}
