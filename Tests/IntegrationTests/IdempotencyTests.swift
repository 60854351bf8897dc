import Foundation
import Testing

@Suite("Idempotency-Key: Stripe's semantics over real HTTP")
struct IdempotencyTests {
    @Test("the same key and body replay the first payment; a different body gets 422; one partner transfer")
    func replayAndMisuse() async throws {
        let stack = try await MekongStack.shared()
        let quote = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"40000.00","currency":"KHR"}}"#)
        let quoteID = try #require(quote.json["id"] as? String)
        let key = UUID().uuidString
        let body = MekongStack.paymentBody(quoteID: quoteID, payer: "012345678901")
        let first = try await stack.app.post("/v1/payments", body, idempotencyKey: key)
        #expect(first.status == 201)
        let again = try await stack.app.post("/v1/payments", body, idempotencyKey: key)
        #expect(again.status == 201)
        #expect(again.body == first.body)
        #expect(first.header("Idempotent-Replayed") == nil && again.header("Idempotent-Replayed") == "true", "a replay says so")
        // Key order and spacing do not matter; values do.
        let reordered =
            #"{ "beneficiary":{"account":"1234567890","name":"Somchai Jaidee"}, "quote_id":"\#(quoteID)", "payer":{"account":"012345678901","name":"Sok Dara"} }"#
        #expect(try await stack.app.post("/v1/payments", reordered, idempotencyKey: key).body == first.body)
        let misuse = try await stack.app.post(
            "/v1/payments", MekongStack.paymentBody(quoteID: quoteID, beneficiary: "9999999999", payer: "012345678901"), idempotencyKey: key)
        #expect(misuse.status == 422)
        #expect(misuse.errorCode == 2008)
        let id = try #require(first.json["id"] as? String)
        _ = try await stack.waitFor(id)
        #expect(try await stack.ledgerEntries(for: id).count == 1)
        // A second key for the same quote cannot pay it twice.
        let reuse = try await stack.app.post("/v1/payments", body, idempotencyKey: UUID().uuidString)
        #expect(reuse.status == 422)
        #expect(reuse.errorCode == 2009)
    }

    @Test(
        "50 concurrent requests with one key and body (RELIABILITY 1): one payment row, one partner call; every answer the same 201 (a duplicate arriving while the first is written waits for it and replays it); no 409, no 5xx"
    )
    func concurrentDuplicates() async throws {
        let stack = try await MekongStack.shared()
        let quote = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"12.00","currency":"USD"}}"#)
        let body = MekongStack.paymentBody(quoteID: try #require(quote.json["id"] as? String))
        let key = UUID().uuidString
        let replies = try await withThrowingTaskGroup(of: TestClient.Reply.self) { group in
            for _ in 0..<50 { group.addTask { try await stack.app.post("/v1/payments", body, idempotencyKey: key) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(replies.allSatisfy { $0.status == 201 }, "\(replies.map(\.status))")
        let created = replies.filter { $0.status == 201 }
        #expect(Set(created.map(\.body)).count == 1, "every 201 carries the first answer, byte for byte")
        let ids = Set(created.compactMap { $0.json["id"] as? String })
        #expect(ids.count == 1)
        let id = try #require(ids.first)
        let quoteID = try #require(quote.json["id"] as? String)
        let rows = try await TestProcess.run(
            "/usr/bin/psql", [stack.databaseURL, "-qAtc", "SELECT count(*) FROM payments WHERE quote_id = '\(quoteID)'"],
            environment: ProcessInfo.processInfo.environment)
        #expect(rows.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "one payment row")
        _ = try await stack.waitFor(id)
        #expect(try await stack.ledgerEntries(for: id).count == 1)
    }

    @Test("the same key from another client makes that client's own payment")
    func keysArePerClient() async throws {
        let stack = try await MekongStack.shared()
        let key = UUID().uuidString
        let mine = try await stack.pay(stack.app, amount: "5.00", key: key)
        let theirs = try await stack.pay(stack.otherApp, amount: "5.00", key: key)
        #expect(mine.status == 201 && theirs.status == 201)
        #expect(mine.json["id"] as? String != theirs.json["id"] as? String)
    }

    @Test("a payment needs an Idempotency-Key")
    func keyRequired() async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post("/v1/payments", MekongStack.paymentBody(quoteID: "qte_x"))
        #expect(reply.status == 400)
        #expect(reply.errorCode == 2000)
    }
}
