import Foundation
import Testing

@Suite("KH-TH end to end: real PostgreSQL, real sandbox, real HTTP")
struct PaymentLifecycleTests {
    @Test("a quote and a payment reach CROSS_BORDER_SETTLED with the full history, once at the partner")
    func settlesEndToEnd() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "100.00")
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        #expect(id.hasPrefix("pay_"))
        #expect(created.json["state"] as? String == "FX_PENDING")
        let started = Date()
        let settled = try await stack.waitFor(id)
        let elapsed = Date().timeIntervalSince(started)
        #expect(settled["state"] as? String == "CROSS_BORDER_SETTLED")
        print("KH-TH payment: created to CROSS_BORDER_SETTLED in \(Int(elapsed * 1000)) ms (a figure, not a goal: goals live in the benchmark)")
        let history = (settled["history"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
        #expect(history == ["INITIATED", "VALIDATED", "FX_PENDING", "CORRIDOR_PROCESSING", "CROSS_BORDER_SETTLED"])
        let destination = settled["destination"] as? [String: String]
        #expect(destination == ["amount": "3407.87", "currency": "THB"])
        #expect((settled["payer"] as? [String: String])?["account"] == "********8901")
        let ledger = try await stack.ledgerEntries(for: id)
        #expect(ledger.count == 1)
        #expect(ledger.first?["amount"] as? String == "3407.87")
        #expect(ledger.first?["currency"] as? String == "THB")
    }

    @Test("the partner's refusal of an invalid account ends in REJECTED with 2003")
    func partnerRejects2003() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "20.00", beneficiary: "0000002003")
        let id = try #require(created.json["id"] as? String)
        let final = try await stack.waitFor(id)
        #expect(final["state"] as? String == "REJECTED")
        let error = final["error"] as? [String: Any]
        #expect(error?["code"] as? Int == 2003)
        #expect(error?["category"] as? String == "Validation")
        #expect(error?["retryable"] as? Bool == false)
    }

    @Test("insufficient funds at the partner ends in REJECTED with 2001")
    func partnerRejects2001() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "20.00", beneficiary: "0000002001")
        let final = try await stack.waitFor(try #require(created.json["id"] as? String))
        #expect((final["error"] as? [String: Any])?["code"] as? Int == 2001)
    }

    @Test("over the P2P limit the quote is refused with 2005, naming the rule and the limit")
    func limit2005() async throws {
        let stack = try await MekongStack.shared()
        // USD 1,500 × 34.07875 = THB 51,118.12 > THB 50,000
        let reply = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1500.00","currency":"USD"}}"#)
        #expect(reply.status == 422)
        #expect(reply.errorCode == 2005)
        #expect(reply.error["rule"] as? String == "KH-TH.limits.P2P")
        #expect((reply.error["details"] as? [String: String])?["limit"] == "50000.00")
        // The same amount is within the B2B limit.
        let b2b = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"B2B","source":{"amount":"1500.00","currency":"USD"}}"#)
        #expect(b2b.status == 201)
    }

    @Test("a partner that books the transfer and then hangs: a status inquiry settles it, no resend")
    func commitThenHang() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "10.00", beneficiary: "0000000504")
        let id = try #require(created.json["id"] as? String)
        let final = try await stack.waitFor(id)
        #expect(final["state"] as? String == "CROSS_BORDER_SETTLED")
        #expect(try await stack.ledgerEntries(for: id).count == 1)
    }

    @Test("a partner that never receives the payment: inquiry, one resend, then TIMEOUT (3001)")
    func neverReceived() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "10.00", beneficiary: "0000000599")
        let id = try #require(created.json["id"] as? String)
        let final = try await stack.waitFor(id)
        #expect(final["state"] as? String == "TIMEOUT")
        #expect((final["error"] as? [String: Any])?["code"] as? Int == 3001)
        #expect(try await stack.ledgerEntries(for: id).isEmpty)
    }

    @Test("a partner stuck on pending: the payment is flagged for review, never failed")
    func stuckPending() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "10.00", beneficiary: "0000000202")
        let id = try #require(created.json["id"] as? String)
        let flagged = try await stack.waitFor(id) { $0["needs_review"] as? Bool == true }
        #expect(flagged["needs_review"] as? Bool == true)
        #expect(flagged["state"] as? String == "CORRIDOR_PROCESSING")
    }
}
