import Corridors
import Foundation

/// A cookie-keeping HTTP client for the staff console's route tests: it sends the cookies the
/// gateway set, reads the CSRF token from the last page, and posts forms as a browser does.
/// It follows no redirects, so tests see the 303s and their targets.
final class ConsoleBrowser: @unchecked Sendable {
    let baseURL: String
    /// The cookies it holds (a test may put one back, as a replaying attacker would).
    var cookies: [String: String] = [:]
    /// Every Set-Cookie header seen, whole, for checking the cookies' attributes.
    private(set) var setCookieHeaders: [String] = []
    var csrf: String?

    init(baseURL: String) { self.baseURL = baseURL }

    func get(_ path: String) async throws -> TestClient.Reply {
        try await send("GET", path, body: nil)
    }

    /// Posts `fields` as a form; the page's CSRF token is added unless `csrf` is false.
    func post(_ path: String, _ fields: [(String, String)] = [], csrf withToken: Bool = true) async throws -> TestClient.Reply {
        var all = fields
        if withToken, let csrf { all.append(("csrf", csrf)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send("POST", path, body: body)
    }

    /// Opens the sign-in page and signs in with `key`; returns the sign-in answer.
    func signIn(key: String) async throws -> TestClient.Reply {
        _ = try await get("/console/login")
        return try await post("/console/login", [("key", key)])
    }

    func location(_ reply: TestClient.Reply) -> String? { reply.headers.first { $0.name == "location" }?.value }

    private func send(_ method: String, _ path: String, body: String?) async throws -> TestClient.Reply {
        var headers: [(name: String, value: String)] = []
        if !cookies.isEmpty { headers.append((name: "Cookie", value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        if body != nil { headers.append((name: "Content-Type", value: "application/x-www-form-urlencoded")) }
        let response = try await TestClient.transport.send(
            OutboundRequest(
                method: method, url: baseURL + path, headers: headers, body: body.map { Array($0.utf8) },
                connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 20_000))
        for header in response.headers where header.name == "set-cookie" {
            setCookieHeaders.append(header.value)
            let pair = header.value.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.value.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let reply = TestClient.Reply(status: response.status, body: response.body, headers: response.headers)
        if let token = Self.csrfToken(in: reply.text) { csrf = token }
        return reply
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
