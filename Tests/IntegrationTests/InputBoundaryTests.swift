import Corridors
import Foundation
import HTTPTypes
import HummingbirdTesting
import MekongCore
import Testing

/// RELIABILITY 17, the one input boundary: every hostile string goes to every route that takes a
/// string — app, admin, KHQR, the signed partner route, uploads and URLs — and each answer is a
/// 4xx in the documented error shape, while no table gains or loses a row. In process
/// (`InProcessGateway`): the boundary is the router's (body decoding, `URLControlGuard`); the
/// fuzz of scripts/api-suites sends hostile strings to the same routes over real HTTP.
@Suite("One input boundary: every string route refuses NUL, controls, lone surrogates and over-long text, and stores nothing", .serialized)
struct InputBoundaryTests {
    static let gateway = Task { try await InProcessGateway.make(label: "boundary") }

    /// A route that takes a string: who calls it, and its body with `@` where the string goes.
    struct Route: Sendable, CustomStringConvertible {
        let role: String
        let method: String
        let path: String
        let template: String
        /// The field's maximum, in code points.
        let limit: Int
        var idempotent = false
        var description: String { "\(method) \(path) \(template)" }
    }

    static let party = #"{"name":"Sok Dara","account":"012345678901"}"#
    static let routes: [Route] = [
        Route(
            role: "app", method: "POST", path: "/v1/quotes",
            template: #"{"corridor":@,"payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#, limit: 16),
        Route(
            role: "app", method: "POST", path: "/v1/payments/dry-run",
            template: #"{"corridor":"KH-TH","payment_type":@,"source":{"amount":"10.00","currency":"USD"}}"#, limit: 8),
        Route(
            role: "app", method: "POST", path: "/v1/payments", template: #"{"quote_id":@,"payer":\#(party),"beneficiary":\#(party)}"#, limit: 64,
            idempotent: true),
        Route(
            role: "app", method: "POST", path: "/v1/payments",
            template: #"{"quote_id":"qte_x","payer":{"name":@,"account":"012345678901"},"beneficiary":\#(party)}"#, limit: 140, idempotent: true),
        Route(
            role: "app", method: "POST", path: "/v1/payments",
            template: #"{"quote_id":"qte_x","payer":\#(party),"beneficiary":{"name":"Somchai","account":@}}"#, limit: 34, idempotent: true),
        Route(
            role: "app", method: "POST", path: "/v1/payments/pay_01M8XXJF250PBDQVFJBKDZDD4A/refunds", template: #"{"reason":@}"#, limit: 140,
            idempotent: true),
        Route(role: "app", method: "POST", path: "/v1/webhooks", template: #"{"url":@,"events":["*"]}"#, limit: 2048),
        Route(role: "ops", method: "POST", path: "/admin/corridors/KH-TH/disable", template: #"{"reason":@}"#, limit: 200),
        Route(role: "ops", method: "POST", path: "/admin/corridors/KH-TH/enable", template: #"{"reason":@}"#, limit: 200),
        Route(
            role: "ops", method: "POST", path: "/admin/corridors/KH-TH/maintenance",
            template: #"{"starts_at":"2030-01-01T00:00:00Z","ends_at":"2030-01-01T01:00:00Z","reason":@}"#, limit: 200),
        Route(role: "treasury", method: "POST", path: "/admin/rates/NBC@2026-01-01T00:00:00Z/approve", template: #"{"note":@}"#, limit: 500),
        Route(role: "treasury", method: "POST", path: "/admin/rates/NBC@2026-01-01T00:00:00Z/reject", template: #"{"reason":@}"#, limit: 500),
        Route(role: "ops", method: "POST", path: "/admin/reconciliations/exceptions/rex_x/resolve", template: #"{"note":@}"#, limit: 1000),
        Route(role: "admin", method: "POST", path: "/admin/keys", template: #"{"role":"app","name":@}"#, limit: 100),
        Route(role: "merchant", method: "POST", path: "/api/v1/charges", template: #"{"amount":1.50,"currency":"USD","description":@}"#, limit: 500),
        Route(
            role: "merchant", method: "POST", path: "/api/v1/charges", template: #"{"amount":1.50,"currency":"USD","metadata":{"order":@}}"#,
            limit: 500),
        Route(role: "merchant", method: "POST", path: "/api/v1/merchant/webhook", template: #"{"url":@}"#, limit: 2048),
        Route(role: "anonymous", method: "POST", path: "/api/v1/merchant/register", template: #"{"email":"shop@example.com","name":@}"#, limit: 100),
        Route(
            role: "anonymous", method: "POST", path: "/api/v1/merchant/register", template: #"{"email":"shop@example.com","name":"Shop","city":@}"#,
            limit: 15),
        Route(
            role: "partner", method: "POST", path: "/partners/KH-TH/inbound",
            template:
                #"{"instruction_id":"IB-BOUNDARY","purpose":"P2P","amount":"10.00","currency":"THB","credit_currency":"KHR","debtor":{"name":@,"account":"1234"},"creditor":{"name":"B","account":"5678"}}"#,
            limit: 140),
        Route(
            role: "partner", method: "POST", path: "/partners/KH-TH/inbound",
            template:
                #"{"instruction_id":@,"purpose":"P2P","amount":"10.00","currency":"THB","credit_currency":"KHR","debtor":{"name":"A","account":"1234"},"creditor":{"name":"B","account":"5678"}}"#,
            limit: 64),
    ]

    /// The hostile strings, as JSON string literals; `limit` makes the over-long one.
    static func hostile(limit: Int) -> [(String, String)] {
        [
            ("NUL", #""a\u0000""#),
            ("NUL before a combining mark", #""a\u0000\u0301""#),
            ("ESC (C0)", #""a\u001b""#),
            ("DEL", #""a\u007f""#),
            ("NEL (C1)", #""a\u0085""#),
            ("lone high surrogate", #""\ud800""#),
            ("lone low surrogate", #""a\udc00b""#),
            ("one past the limit in one grapheme", "\"Z" + String(repeating: #"\u0301"#, count: limit) + "\""),
        ]
    }

    /// Every table's row count, in one line.
    static func rowCounts(_ gateway: InProcessGateway) async throws -> String {
        try await gateway.sql(
            """
            SELECT string_agg(table_name || '=' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text, ' ' ORDER BY table_name)
            FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            """)
    }

    /// The keys of each role, and a merchant registered through the route a shop uses.
    static func callers(_ gateway: InProcessGateway, _ client: any TestClientProtocol) async throws -> [String: String] {
        var keys = gateway.keys
        let merchant = try await client.call(
            .post, "/api/v1/merchant/register", key: nil,
            body: #"{"email":"boundary-\#(UUID().uuidString.prefix(8))@example.com","name":"Boundary Shop"}"#)
        keys["merchant"] = try #require(merchant.json["api_key"] as? String, "\(merchant.text)")
        return keys
    }

    func send(
        _ client: any TestClientProtocol, _ keys: [String: String], _ route: Route, body: [UInt8],
        contentType: String = "application/json"
    ) async throws -> RouterReply {
        var headers: [(String, String)] = []
        if route.idempotent { headers.append(("Idempotency-Key", "boundary-\(UUID().uuidString)")) }
        if route.role == "partner" {
            let now = Int(Date().timeIntervalSince1970)
            let signature = PartnerSignature.sign(
                secret: MekongStack.inboundSecrets["KH-TH"]!, timestamp: now, method: route.method, path: route.path, body: body)
            headers += [(PartnerSignature.timestampHeader, "\(now)"), (PartnerSignature.signatureHeader, signature)]
        }
        return try await client.call(
            try #require(HTTPRequest.Method(route.method)), route.path, key: keys[route.role], bytes: body,
            contentType: contentType, headers: headers)
    }

    /// A 4xx in the documented shape: `{"error": {"code", "message", …}}`, or a partner's own
    /// rejection format on the partner route.
    func expectRefused(_ reply: RouterReply, _ what: String, partner: Bool = false) {
        #expect((400..<500).contains(reply.status.code), "\(what): \(reply.status) \(reply.text.prefix(300))")
        if partner {
            #expect(reply.json["status"] as? String == "RJCT", "\(what): \(reply.text.prefix(300))")
        } else {
            #expect(reply.errorCode != nil && reply.error["message"] is String, "\(what): \(reply.text.prefix(300))")
        }
    }

    @Test("each hostile string on each route that takes a string: 4xx in the documented shape, and no row added or changed")
    func everyRoute() async throws {
        let gateway = try await Self.gateway.value
        let sent = try await gateway.test { client in
            let keys = try await Self.callers(gateway, client)
            let before = try await Self.rowCounts(gateway)
            var sent = 0
            for route in Self.routes {
                for (name, literal) in Self.hostile(limit: route.limit) {
                    let body = Array(route.template.replacingOccurrences(of: "@", with: literal).utf8)
                    expectRefused(try await send(client, keys, route, body: body), "\(route) with \(name)", partner: route.role == "partner")
                    sent += 1
                }
                // Overlong UTF-8 ("/" as C0 AF) inside the string: not valid UTF-8 at all.
                let parts = route.template.components(separatedBy: "@")
                let overlong = Array((parts[0] + "\"a").utf8) + [0xC0, 0xAF] + Array(("\"" + parts[1]).utf8)
                expectRefused(try await send(client, keys, route, body: overlong), "\(route) with overlong UTF-8", partner: route.role == "partner")
                sent += 1
            }
            #expect(try await Self.rowCounts(gateway) == before, "no table's row count changed")
            return sent
        }
        print("input boundary: \(sent) hostile requests over \(Self.routes.count) string fields, every one refused with 4xx, row counts unchanged")
    }

    @Test(
        "uploads and URLs: a settlement file or rate table with a NUL or a control character, and a URL with %00 or %1B, get 400; nothing is stored")
    func uploadsAndURLs() async throws {
        let gateway = try await Self.gateway.value
        try await gateway.test { client in
            let keys = try await Self.callers(gateway, client)
            let before = try await Self.rowCounts(gateway)
            let files: [(String, [UInt8])] = [
                ("NUL", Array("instruction_id,amount\nPP1,10.00\u{0}\n".utf8)),
                ("ESC", Array("instruction_id,amount\nPP1,10.00\u{1B}\n".utf8)),
                ("invalid UTF-8", Array("instruction_id,amount\nPP1,".utf8) + [0xFF, 0x0A]),
            ]
            for (name, file) in files {
                let settlement = Route(
                    role: "ops", method: "POST", path: "/admin/reconciliations?corridor=KH-TH&date=2026-12-01", template: "", limit: 0)
                expectRefused(try await send(client, keys, settlement, body: file, contentType: "text/csv"), "settlement file with \(name)")
                let rates = Route(role: "treasury", method: "POST", path: "/admin/rates", template: "", limit: 0)
                expectRefused(try await send(client, keys, rates, body: file, contentType: "text/csv"), "rate table with \(name)")
            }
            for path in ["/v1/payments?state=%00", "/v1/payments/pay_x%1B", "/v1/payments?state=SETTLED%0A", "/admin/payments?reference=a%7f"] {
                let reply = try await client.call(.get, path, key: path.hasPrefix("/admin") ? gateway.opsKey : gateway.appKey)
                #expect(reply.status == .badRequest && reply.errorCode == 2000, "\(path): \(reply.status) \(reply.text)")
            }
            #expect(try await Self.rowCounts(gateway) == before)
        }
    }
}
