import Foundation
import MekongCore
import Testing

/// KH-LA as the NBC corridor table publishes it (planned), and as a sandbox pilot behind
/// `MEKONG_CORRIDOR_PILOTS=KH-LA`: the partner's folder, its spec, a rates sample and its
/// registration line are all the pilot needed.
@Suite("KH-LA LAPNet: planned as published; a working pilot behind a flag that stays off")
struct LAPNetPilotTests {
    @Test("with the flag off KH-LA is planned: 5001, not retryable; the sandbox's LAPNet takes no transfer")
    func plannedByDefault() async throws {
        let stack = try await MekongStack.shared()
        let quote = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-LA","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(
            quote.errorCode == 5001 && quote.error["retryable"] as? Bool == false && quote.error["rule"] as? String == "KH-LA.status", "\(quote.text)"
        )
        let corridor = try await stack.app.get("/v1/corridors/KH-LA").json
        #expect(corridor["status"] as? String == "planned" && corridor["state"] as? String == "planned", "\(corridor)")
        #expect(try await stack.partner.request("POST", "/lapnet/v1/transfers", body: "{}").status == 503)
    }

    @Test(
        "with MEKONG_CORRIDOR_PILOTS=KH-LA a payment to Laos settles in kip once at LAPNet, a refusal maps to 2001, and the day's LAPNet file reconciles"
    )
    func pilot() async throws {
        let stack = try await MekongStack.isolated(label: "lapnet-pilot", settings: ["MEKONG_CORRIDOR_PILOTS": "KH-LA"])
        let corridor = try await stack.app.get("/v1/corridors/KH-LA").json
        #expect(corridor["status"] as? String == "pilot" && corridor["state"] as? String == "open", "\(corridor)")

        let created = try await stack.pay(stack.app, corridor: "KH-LA", amount: "10.00")
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        // USD 10.00 × 21,750 (BOL sample) × (1 − 0.80 %) = LAK 215,760.00
        #expect(created.json["destination"] as? [String: String] == ["amount": "215760.00", "currency": "LAK"], "\(created.text)")
        #expect(try await stack.waitFor(id)["state"] as? String == "CROSS_BORDER_SETTLED")
        let ledger = try await stack.ledgerEntries(for: id)
        #expect(ledger.count == 1 && ledger.first?["amount"] as? String == "215760.00" && ledger.first?["currency"] as? String == "LAK", "\(ledger)")

        let refused = try await stack.pay(stack.app, corridor: "KH-LA", amount: "10.00", beneficiary: "0000002001")
        let final = try await stack.waitFor(try #require(refused.json["id"] as? String, "\(refused.text)"))
        #expect(final["state"] as? String == "REJECTED" && (final["error"] as? [String: Any])?["code"] as? Int == 2001, "\(final)")

        // The day's file, in LAPNet's own format, reconciles against the settled payment.
        let date = ReconciliationTests.today()
        let file = try await stack.partner.get("/sandbox/settlement/KH-LA?date=\(date)").text
        #expect(file.hasPrefix("TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|VALUE_TIME_LAO|FEE_LAK\n\(id)|215760.00|LAK|"), "\(file)")
        let ops = try await stack.newKey(role: "ops")
        let run = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-LA&date=\(date)", body: file, headers: [("Content-Type", "text/csv")])
        #expect(run.status == 201, "\(run.text)")
        let totals = run.json["totals"] as? [String: [String: Any]] ?? [:]
        #expect(totals["matched"]?["count"] as? Int == 1 && run.json["currency"] as? String == "LAK", "\(run.text)")
    }
}
