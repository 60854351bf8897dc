import Foundation
import Testing

@Suite("Refunds over real HTTP, PostgreSQL and the PromptPay sandbox")
struct RefundIntegrationTests {
    func settledPayment(_ stack: MekongStack, client: TestClient? = nil) async throws -> String {
        let created = try await stack.pay(client ?? stack.app, amount: "100.00")
        let id = try #require(created.json["id"] as? String)
        #expect(try await stack.waitFor(id)["state"] as? String == "CROSS_BORDER_SETTLED")
        return id
    }

    func waitForRefund(_ stack: MekongStack, _ id: String) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        try await waitUntil(seconds: 30) {
            last = try await stack.app.get("/v1/refunds/\(id)").json
            return last["final"] as? Bool == true
        }
        return last
    }

    func outboxCount(_ stack: MekongStack, aggregate: String, type: String) async throws -> Int {
        let result = try await TestProcess.run(
            "/usr/bin/psql",
            [
                stack.databaseURL, "-tAc",
                "SELECT count(*) FROM outbox_events WHERE aggregate_id = '\(aggregate)' AND type = '\(type)'",
            ],
            environment: ProcessInfo.processInfo.environment)
        return Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("a partial refund, then the rest: both processed, exact in both currencies, never more")
    func partialThenRest() async throws {
        let stack = try await MekongStack.shared()
        let payment = try await settledPayment(stack)
        let key = UUID().uuidString
        let body = #"{"amount":{"amount":"1000.00","currency":"THB"},"reason":"customer cancelled part of the order"}"#
        let first = try await stack.app.post("/v1/payments/\(payment)/refunds", body, idempotencyKey: key)
        #expect(first.status == 201, "\(first.text)")
        #expect(first.json["state"] as? String == "PENDING")
        #expect(first.json["source_amount"] as? [String: String] == ["amount": "29.34", "currency": "USD"])
        let refundID = try #require(first.json["id"] as? String)
        #expect(try await stack.app.post("/v1/payments/\(payment)/refunds", body, idempotencyKey: key).body == first.body)
        #expect(try await waitForRefund(stack, refundID)["state"] as? String == "PROCESSED")
        #expect(try await outboxCount(stack, aggregate: refundID, type: "refund.processed") == 1)

        let rest = try await stack.app.post("/v1/payments/\(payment)/refunds", "", idempotencyKey: UUID().uuidString)
        #expect(rest.status == 201, "\(rest.text)")
        #expect(rest.json["amount"] as? [String: String] == ["amount": "2407.87", "currency": "THB"])
        #expect(rest.json["source_amount"] as? [String: String] == ["amount": "70.66", "currency": "USD"])
        #expect(try await waitForRefund(stack, try #require(rest.json["id"] as? String))["state"] as? String == "PROCESSED")

        let more = try await stack.app.post(
            "/v1/payments/\(payment)/refunds", #"{"amount":{"amount":"0.01","currency":"THB"}}"#,
            idempotencyKey: UUID().uuidString)
        #expect(more.status == 422)
        #expect(more.errorCode == 2005)
        let listed = try await stack.app.get("/v1/payments/\(payment)/refunds").json["data"] as? [[String: Any]] ?? []
        #expect(listed.count == 2)
        let returns = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        #expect(returns.filter { $0["corridor"] as? String == "KH-TH-RETURN" && $0["creditor_account"] as? String == payment }.count == 2)
    }

    @Test("ten concurrent full refunds of one payment: exactly one is accepted")
    func concurrentRefunds() async throws {
        let stack = try await MekongStack.shared()
        let payment = try await settledPayment(stack)
        let replies = try await withThrowingTaskGroup(of: TestClient.Reply.self) { group in
            for _ in 0..<10 {
                group.addTask { try await stack.app.post("/v1/payments/\(payment)/refunds", "", idempotencyKey: UUID().uuidString) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.filter { $0.status == 201 }.count == 1, "\(replies.map(\.status))")
        #expect(replies.filter { $0.status != 201 }.allSatisfy { $0.errorCode == 2005 })
    }

    @Test("refusals: an unsettled payment, another client's payment, a corridor without returns")
    func refusals() async throws {
        let stack = try await MekongStack.shared()
        let rejected = try await stack.pay(stack.app, amount: "10.00", beneficiary: "0000002003")
        let rejectedID = try #require(rejected.json["id"] as? String)
        _ = try await stack.waitFor(rejectedID)
        let notSettled = try await stack.app.post("/v1/payments/\(rejectedID)/refunds", "", idempotencyKey: UUID().uuidString)
        #expect(notSettled.status == 400 && notSettled.errorCode == 2000)
        let payment = try await settledPayment(stack)
        #expect(try await stack.otherApp.post("/v1/payments/\(payment)/refunds", "", idempotencyKey: UUID().uuidString).status == 404)

        let tuesday = try await MekongStack.tuesday()
        let vietnam = try await tuesday.pay(tuesday.app, corridor: "KH-VN", amount: "10.00")
        let vietnamID = try #require(vietnam.json["id"] as? String)
        #expect(try await tuesday.waitFor(vietnamID)["state"] as? String == "CROSS_BORDER_SETTLED")
        let noReturns = try await tuesday.app.post("/v1/payments/\(vietnamID)/refunds", "", idempotencyKey: UUID().uuidString)
        #expect(noReturns.errorCode == 2006)
        #expect((noReturns.error["message"] as? String)?.contains("does not allow returns") == true)
    }
}
