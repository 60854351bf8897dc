import Foundation
import MekongCore
import Testing

/// The corridor judge seen from outside: on the same corridor at the same moment, a quote, a
/// dry run, a payment from an earlier quote, a partner's inbound credit and the status
/// endpoint give one verdict, with one rule and one message.
@Suite("One judge: quotes, dry runs, payments, inbound credits and the corridor status agree")
struct RouteAgreementTests {
    /// What each route answered on KH-TH at one moment.
    struct Answers: CustomStringConvertible {
        let quote: TestClient.Reply
        let dryRun: TestClient.Reply
        let payment: TestClient.Reply
        let inbound: TestClient.Reply
        let state: String?

        var dryRunRefusal: [String: Any] { dryRun.json["refusal"] as? [String: Any] ?? [:] }
        var description: String {
            "quote \(quote.status) \(quote.text)\ndry run \(dryRun.text)\npayment \(payment.status) \(payment.text)\ninbound \(inbound.status) \(inbound.text)\nstate \(state ?? "-")"
        }
    }

    static let quoteBody = #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#

    func ask(_ stack: MekongStack, payingQuote quoteID: String) async throws -> Answers {
        let quote = try await stack.app.post("/v1/quotes", Self.quoteBody)
        let dryRun = try await stack.app.post("/v1/payments/dry-run", Self.quoteBody)
        let payment = try await stack.app.post("/v1/payments", MekongStack.paymentBody(quoteID: quoteID), idempotencyKey: UUID().uuidString)
        let inbound = try await stack.sendInbound("KH-TH", reference: "JUDGE\(UInt32.random(in: 0...UInt32.max))", amount: "100.00")
        let state = try await stack.app.get("/v1/corridors/KH-TH").json["state"] as? String
        return Answers(quote: quote, dryRun: dryRun, payment: payment, inbound: inbound, state: state)
    }

    /// Every route refuses with 5001 under `rule`, with the same message, and the status shows `state`.
    func expectRefused(_ answers: Answers, rule: String, state: String) {
        #expect(answers.quote.errorCode == 5001 && answers.quote.error["rule"] as? String == rule, "\(answers)")
        let message = answers.quote.error["message"] as? String
        #expect(answers.dryRun.json["would_accept"] as? Bool == false, "\(answers)")
        #expect(answers.dryRunRefusal["code"] as? Int == 5001 && answers.dryRunRefusal["rule"] as? String == rule, "\(answers)")
        #expect(answers.dryRunRefusal["message"] as? String == message)
        #expect(answers.payment.errorCode == 5001 && answers.payment.error["rule"] as? String == rule, "\(answers)")
        #expect(answers.payment.error["message"] as? String == message)
        // The partner is answered in PromptPay's own format, with the same reason.
        #expect(answers.inbound.status == 503 && answers.inbound.json["status"] as? String == "RJCT", "\(answers)")
        #expect(answers.inbound.json["reason"] as? String == message, "\(answers)")
        #expect(answers.state == state, "\(answers)")
    }

    func expectTaken(_ answers: Answers) {
        #expect(answers.quote.status == 201, "\(answers)")
        #expect(answers.dryRun.json["would_accept"] as? Bool == true, "\(answers)")
        #expect(answers.payment.status == 201, "\(answers)")
        #expect(answers.inbound.status == 202, "\(answers)")
        #expect(answers.state == "open", "\(answers)")
    }

    @Test("closed by ops, then in scheduled maintenance, then open again: every route gives the same verdict, rule and message")
    func routesAgree() async throws {
        let stack = try await MekongStack.isolated(label: "judge")
        let ops = try await stack.newKey(role: "ops")
        // Quotes taken while the corridor is open, one to pay in each phase.
        var quotes: [String] = []
        for _ in 0..<4 {
            let quote = try await stack.app.post("/v1/quotes", Self.quoteBody)
            quotes.append(try #require(quote.json["id"] as? String, "\(quote.text)"))
        }
        let opened = try await stack.app.post("/v1/quotes", Self.quoteBody)
        let now = try #require(RFC3339.date(from: opened.json["created_at"] as? String ?? ""))

        expectTaken(try await ask(stack, payingQuote: quotes[0]))

        let until = RFC3339.string(from: now.addingTimeInterval(3600))
        #expect(
            try await ops.post("/admin/corridors/KH-TH/disable", #"{"reason":"PromptPay certificate rollover","until":"\#(until)"}"#).status == 200)
        expectRefused(try await ask(stack, payingQuote: quotes[1]), rule: "KH-TH.operations", state: "closed_by_ops")
        #expect(try await ops.post("/admin/corridors/KH-TH/enable", "{}").status == 200)

        let window = try await ops.post(
            "/admin/corridors/KH-TH/maintenance",
            #"""
            {"starts_at":"\#(RFC3339.string(from: now))","ends_at":"\#(RFC3339.string(from: now.addingTimeInterval(600)))","reason":"PromptPay switch upgrade"}
            """#)
        let windowID = try #require(window.json["id"] as? String, "\(window.text)")
        // An inbound credit is refused during the window too (before the one judge it was credited).
        expectRefused(try await ask(stack, payingQuote: quotes[2]), rule: "KH-TH.maintenance", state: "maintenance")
        #expect(try await ops.request("DELETE", "/admin/corridors/KH-TH/maintenance/\(windowID)").status == 200)

        expectTaken(try await ask(stack, payingQuote: quotes[3]))
    }
}
