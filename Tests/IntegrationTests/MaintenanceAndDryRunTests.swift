import Foundation
import Testing

@Suite("Bakong maintenance window and dry runs")
struct MaintenanceAndDryRunTests {
    @Test("during maintenance a payment is accepted, held with 4001, and handed off when the window ends")
    func heldThroughMaintenance() async throws {
        let stack = try await MekongStack.maintenance()
        let created = try await stack.pay(stack.app, amount: "25.00")
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        let hold = try #require(created.json["hold"] as? [String: Any])
        #expect(hold["code"] as? Int == 4001)
        #expect(hold["until"] as? String == "2026-12-05T23:00:00Z")
        #expect(created.json["state"] as? String == "FX_PENDING")
        #expect(try await stack.ledgerEntries(for: id).isEmpty, "nothing reaches the partner during maintenance")
        let settled = try await stack.waitFor(id, seconds: 180)
        #expect(settled["state"] as? String == "CROSS_BORDER_SETTLED")
        #expect(settled["hold"] == nil)
        #expect(try await stack.ledgerEntries(for: id).count == 1)
    }

    @Test("a dry run reports every check and the price, and stores nothing")
    func dryRunAccepts() async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post(
            "/v1/payments/dry-run", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["would_accept"] as? Bool == true)
        let checks = reply.json["checks"] as? [[String: Any]] ?? []
        let names = checks.compactMap { $0["name"] as? String }
        #expect(Set(names).isSuperset(of: ["corridor_status", "direction", "payment_type", "hours", "rate", "limit", "maintenance"]))
        #expect(checks.allSatisfy { $0["passed"] as? Bool == true })
        #expect((reply.json["pricing"] as? [String: Any])?["destination"] as? [String: String] == ["amount": "3407.87", "currency": "THB"])
        #expect(reply.json["expected_settlement_at"] is String)
    }

    @Test("a dry run over the limit says it would refuse with 2005 and names the rule")
    func dryRunRefuses() async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post(
            "/v1/payments/dry-run", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"2000.00","currency":"USD"}}"#)
        #expect(reply.json["would_accept"] as? Bool == false)
        let refusal = reply.json["refusal"] as? [String: Any]
        #expect(refusal?["code"] as? Int == 2005)
        #expect(refusal?["rule"] as? String == "KH-TH.limits.P2P")
        let limit = (reply.json["checks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "limit" }
        #expect(limit?["passed"] as? Bool == false)
    }

    @Test("an amount that converts to nothing (KHR 1.00 to THB): the dry run would refuse it with 2000, as the quote does")
    func dryRunAgreesOnNothingArriving() async throws {
        let stack = try await MekongStack.shared()
        let body = #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1.00","currency":"KHR"}}"#
        let quote = try await stack.app.post("/v1/quotes", body)
        #expect(quote.status == 400 && quote.errorCode == 2000, "\(quote.text)")
        let dry = try await stack.app.post("/v1/payments/dry-run", body)
        #expect(dry.json["would_accept"] as? Bool == false, "\(dry.text)")
        let refusal = dry.json["refusal"] as? [String: Any]
        #expect(refusal?["code"] as? Int == 2000)
        #expect(refusal?["rule"] as? String == "KH-TH.currencies.destination")
        #expect(
            (quote.json["error"] as? [String: Any])?["message"] as? String == (dry.json["checks"] as? [[String: Any]] ?? [])
                .first { $0["name"] as? String == "amount" }?["detail"] as? String, "the same message")
        // An amount that does arrive passes the same check.
        let fine = try await stack.app.post(
            "/v1/payments/dry-run", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"40000.00","currency":"KHR"}}"#)
        #expect(((fine.json["checks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "amount" })?["passed"] as? Bool == true)
    }

    @Test("a dry run during maintenance says when the payment would be handed off")
    func dryRunInMaintenance() async throws {
        let stack = try await MekongStack.maintenance()
        let reply = try await stack.app.post(
            "/v1/payments/dry-run", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(reply.json["would_accept"] as? Bool == true)
        // The stack's clock may have passed 06:00 already; if not, the hold is reported.
        if let held = reply.json["held_until"] as? String {
            #expect(held == "2026-12-05T23:00:00Z")
        }
    }
}
