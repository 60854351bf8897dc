import Foundation
import Testing

/// RELIABILITY 11, BOLA: every app route of docs/ROLES.md that takes an object's id, called by
/// client B with client A's object, answers 404 and changes nothing; the same call by A does
/// not answer 404 (so each case can fail). The routes come from the table, so a new route
/// with an id is covered as soon as it is listed there.
@Suite("BOLA: another client's objects answer 404 on every route that takes an id", .serialized)
struct BOLATests {
    /// Client A's objects, by the placeholder the table uses for their kind.
    struct Objects {
        var ids: [String: String] = [:]
        func substitute(_ path: String) -> String? {
            var result = path
            for (placeholder, id) in ids { result = result.replacingOccurrences(of: placeholder, with: id) }
            return result.contains("_none") ? nil : result
        }
    }

    static func routesWithIDs() throws -> [RoleTableTests.Row] {
        try RoleTableTests.rows().filter { $0.allowed["app"] == true && $0.path.contains("_none") }
    }

    func makeObjects(_ stack: MekongStack, _ a: TestClient, merchant: TestClient) async throws -> Objects {
        var objects = Objects()
        let hook = try await a.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL("bola"))","events":["payment.settled"]}"#)
        objects.ids["whk_none"] = try #require(hook.json["id"] as? String, "\(hook.text)")
        let quote = try await a.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"30.00","currency":"USD"}}"#)
        objects.ids["qte_none"] = try #require(quote.json["id"] as? String, "\(quote.text)")
        let paid = try await stack.pay(a, amount: "40.00")
        let payment = try #require(paid.json["id"] as? String, "\(paid.text)")
        objects.ids["pay_none"] = payment
        #expect(try await stack.waitFor(payment, as: a)["state"] as? String == "CROSS_BORDER_SETTLED")
        let refund = try await a.post(
            "/v1/payments/\(payment)/refunds", #"{"amount":{"amount":"100.00","currency":"THB"},"reason":"test"}"#,
            idempotencyKey: UUID().uuidString)
        objects.ids["ref_none"] = try #require(refund.json["id"] as? String, "\(refund.text)")
        var deliveries: [[String: Any]] = []
        for _ in 0..<100 where deliveries.isEmpty {
            deliveries = try await a.get("/v1/webhooks/\(objects.ids["whk_none"]!)/deliveries").json["data"] as? [[String: Any]] ?? []
            if deliveries.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        objects.ids["dlv_none"] = try #require(deliveries.first?["delivery_id"] as? String, "\(deliveries)")
        let charge = try await merchant.post("/api/v1/charges", #"{"amount": 5.00, "currency": "USD"}"#)
        objects.ids["chg_none"] = try #require(charge.json["id"] as? String, "\(charge.text)")
        let key = try await merchant.post("/api/v1/merchant/api-keys", #"{"name":"till 2"}"#)
        objects.ids["key_none"] = try #require(key.json["id"] as? String, "\(key.text)")
        return objects
    }

    func merchantClient(_ stack: MekongStack) async throws -> TestClient {
        let email = "bola-\(UUID().uuidString.prefix(8))@example.com"
        let registered = try await stack.anonymous.post("/api/v1/merchant/register", #"{"email":"\#(email)","name":"Shop \#(email.prefix(13))"}"#)
        return TestClient(baseURL: stack.gatewayURL, key: try #require(registered.json["api_key"] as? String, "\(registered.text)"))
    }

    @Test("client B gets 404 for each of client A's objects on every app route with an id, and A's objects are unchanged")
    func everyRoute() async throws {
        let stack = try await MekongStack.shared()
        let a = try await stack.newApp(permissions: "webhook")
        let b = try await stack.newApp(permissions: "webhook")
        let merchantA = try await merchantClient(stack)
        let merchantB = try await merchantClient(stack)
        let objects = try await makeObjects(stack, a, merchant: merchantA)
        let routes = try Self.routesWithIDs()
        #expect(routes.count >= 14, "the table lists the app routes that take an id")
        for route in routes {
            let path = try #require(objects.substitute(route.path), "no object of A for \(route.path)")
            let intruder = path.hasPrefix("/api/v1/") ? merchantB : b
            let owner = path.hasPrefix("/api/v1/") ? merchantA : a
            let body = route.method == "POST" ? "{}" : nil
            let refused = try await intruder.request(route.method, path, body: body, headers: [("Idempotency-Key", UUID().uuidString)])
            #expect(refused.status == 404, "\(route.method) \(path) as another client: \(refused.status) \(refused.text)")
            // Reading is enough to show A still has the object as it was; the state-changing
            // routes (DELETE, rotate, refund, resend, check) are checked by what A reads after.
            if route.method == "GET" {
                let own = try await owner.get(path)
                #expect(own.status == 200, "\(route.method) \(path) as its owner: \(own.status) \(own.text)")
            }
        }
        #expect(try await a.get("/v1/webhooks/\(objects.ids["whk_none"]!)").status == 200, "B's DELETE left A's webhook in place")
        let refunds = try await a.get("/v1/payments/\(objects.ids["pay_none"]!)/refunds").json["data"] as? [[String: Any]] ?? []
        #expect(refunds.count == 1, "B's refund request made no refund of A's payment")
        let keys = try await merchantA.get("/api/v1/merchant/api-keys").json
        #expect("\(keys)".contains(objects.ids["key_none"]!), "B's DELETE left A's key alive (the list shows live keys only): \(keys)")
    }
}
