import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MekongCore
import Store

/// What every console page shares: the in-process API, the templates, the session store and
/// the cookie rules (HttpOnly, SameSite=Strict, Path=/console, Secure unless
/// `console.secure_cookie` is off for plain-http development).
struct ConsoleBackend: Sendable {
    let api: ConsoleAPI
    let renderer: ConsoleRenderer
    let sessions: ConsoleSessionRepository
    let authenticator: KeyAuthenticator
    let audit: AuditRepository
    let clock: any WallClock
    let secureCookie: Bool
    let sessionLifetime: TimeInterval

    /// Sign-in attempts per source address on this instance: `console.sign_in_burst` at once,
    /// then `console.sign_ins_per_minute`.
    let signInLimiter: KeyRateLimiter
    /// How long a sign-in form (its one-time token) is good for.
    static let signInFormSeconds = 900

    static let sessionCookie = "mekong_session"
    static let loginCookie = "mekong_login"

    /// Headers on every console page: nothing cached, nothing framed, no script, forms only to itself.
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]

    // MARK: Pages

    /// A page for the signed-in session, with the notice the last action left (then cleared).
    func page(
        _ template: String, title: String, data: [String: Any], request: Request, context: GatewayContext,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let notice = request.cookies[ConsoleNotice.cookieName].flatMap { ConsoleNotice(cookieValue: $0.value) }
        var response = html(renderer.page(template, title: title, data: data, session: context.consoleSession, notice: notice), status: status)
        if notice != nil { response.setCookie(cookie(ConsoleNotice.cookieName, "", maxAge: 0)) }
        return response
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: Self.pageHeaders, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    func cookie(_ name: String, _ value: String, maxAge: Int, path: String = "/console") -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: secureCookie, httpOnly: true, sameSite: .strict)
    }

    // MARK: Reading and acting through the API

    /// GETs an API route as the session; a refusal becomes the console's error page.
    func read(_ path: String, context: GatewayContext) async throws -> ExactJSON {
        let session = try requireSession(context)
        let answer = try await api.call(.get, path, as: session.caller, context: context)
        guard answer.succeeded, let json = answer.json else { throw ConsoleFailure(status: answer.status, message: answer.errorMessage) }
        return json
    }

    /// A GET as the session, or nil when the session's role may not read it (403): a page's
    /// section for some roles only.
    func readIfAllowed(_ path: String, context: GatewayContext) async throws -> ExactJSON? {
        do { return try await read(path, context: context) } catch let failure as ConsoleFailure where failure.status == 403 { return nil }
    }

    /// Every page of a cursor-paged list, up to `pages` pages, as one `{"data": […]}`.
    func readAll(_ path: String, pages: Int = 20, context: GatewayContext) async throws -> ExactJSON {
        var items: [ExactJSON] = []
        var cursor: String?
        for _ in 0..<pages {
            let separator = path.contains("?") ? "&" : "?"
            let page = try await read(path + (cursor.map { "\(separator)cursor=\($0)" } ?? ""), context: context)
            if case .array(let rows)? = page["data"] { items += rows }
            guard case .string(let next)? = page["next_cursor"] else { break }
            cursor = next
        }
        return .object([.init(key: "data", value: .array(items))])
    }

    /// Performs an API action as the session, then goes back to `page` with a notice: `done`
    /// on success, the API's own error message otherwise.
    func act(
        _ method: HTTPRequest.Method, _ path: String, json fields: [String: String?]? = nil,
        raw: (bytes: [UInt8], contentType: String)? = nil, done: (ExactJSON?) -> String, back page: String,
        context: GatewayContext
    ) async throws -> Response {
        let session = try requireSession(context)
        var body: [UInt8]? = nil
        var contentType = "application/json"
        if let fields { body = try JSONResponse.bytes(fields.compactMapValues { $0 }) }
        if let raw {
            body = raw.bytes
            contentType = raw.contentType
        }
        let answer = try await api.call(method, path, body: body, contentType: contentType, as: session.caller, context: context)
        let notice =
            answer.succeeded
            ? ConsoleNotice(text: done(answer.json), isError: false)
            : ConsoleNotice(text: answer.errorMessage, isError: true)
        var response = Self.redirect(page)
        response.setCookie(cookie(ConsoleNotice.cookieName, notice.cookieValue, maxAge: 60))
        return response
    }

    func requireSession(_ context: GatewayContext) throws -> ConsoleSession {
        guard let session = context.consoleSession else { throw ConsoleFailure(status: 401, message: "sign in first") }
        return session
    }

    /// The posted form (already read, and its CSRF token checked, by `ConsoleSessionMiddleware`).
    /// A maker-checker pair of routes: `POST {page}/{…}/:id/approve` (with an optional note) and
    /// `…/reject` (with its reason), each acting on `{api}/{id}/approve|reject` and going back to
    /// `back` with "{id} approved{approvedSuffix}" or "{id} rejected.".
    func registerDecisions(
        on pages: RouterGroup<GatewayContext>, route: String, api: String, back: String, approvedSuffix: String = "."
    ) {
        for (action, field, outcome) in [("approve", "note", "approved" + approvedSuffix), ("reject", "reason", "rejected.")] {
            pages.post("\(route)/:id/\(action)") { request, context in
                let id = try Self.segment(context, "id")
                let form = try await form(request, context: context)
                return try await act(
                    .post, "\(api)/\(id)/\(action)", json: [field: form.text(field)], done: { _ in "\(id) \(outcome)" }, back: back,
                    context: context)
            }
        }
    }

    func form(_ request: Request, context: GatewayContext) async throws -> ConsoleForm {
        ConsoleForm(Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView))
    }

    /// A route parameter, percent-encoded again for the API path.
    static func segment(_ context: GatewayContext, _ name: String) throws -> String {
        segment(try context.parameters.requireDecoded(name))
    }

    /// "45 s", "12 min", "3 h 20 min", "2 d 4 h": an age for people.
    static func age(seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds) s"
        case ..<3600: "\(seconds / 60) min"
        case ..<86_400: seconds % 3600 / 60 == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(seconds % 3600 / 60) min"
        default: seconds % 86_400 / 3600 == 0 ? "\(seconds / 86_400) d" : "\(seconds / 86_400) d \(seconds % 86_400 / 3600) h"
        }
    }

    /// A path segment from the URL, percent-encoded again for the API path.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }

    /// A query string from the fields that are set.
    static func query(_ fields: [(String, String?)]) -> String {
        let set = fields.compactMap { name, value in
            value.map { "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        }
        return set.isEmpty ? "" : "?" + set.joined(separator: "&")
    }

    // MARK: Sessions

    /// A new random token: 32 bytes, base64url.
    static func token() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}
