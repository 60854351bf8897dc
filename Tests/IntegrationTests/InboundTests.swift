import Corridors
import Foundation
import Testing

@Suite("Inbound: Thai and Chinese payers to Cambodian payees, credited through Bakong")
struct InboundTests {
    func waitForPartnerStatus(_ stack: MekongStack, _ corridor: String, _ reference: String, key: String, value: String) async throws -> [String: Any]
    {
        var last: [String: Any] = [:]
        for _ in 0..<600 {
            last = try await stack.partner.get("/sandbox/inbound/\(corridor)/\(reference)").json
            if last[key] as? String == value { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    @Test("a PromptPay credit of THB 1,000 reaches the Cambodian payee in KHR, once")
    func promptPayInbound() async throws {
        let stack = try await MekongStack.shared()
        let reference = "PPI\(UInt32.random(in: 0...UInt32.max))"
        let accepted = try await stack.sendInbound("KH-TH", reference: reference, amount: "1000.00", creditCurrency: "KHR")
        #expect(accepted.status == 202, "\(accepted.text)")
        #expect(accepted.json["status"] as? String == "ACSP")
        // THB 1,000 × 117.37 × (1 − 0.50%) = KHR 116,783.15
        #expect(accepted.json["credited_amount"] as? String == "116783.15")
        let paymentID = try #require(accepted.json["mekong_payment_id"] as? String)
        let done = try await waitForPartnerStatus(stack, "KH-TH", reference, key: "status", value: "ACSC")
        #expect(done["status"] as? String == "ACSC")
        let credits = try await stack.ledgerEntries(for: paymentID)
        #expect(credits.count == 1)
        #expect(credits.first?["corridor"] as? String == "KH-BAKONG")
        #expect(credits.first?["amount"] as? String == "116783.15")
        // The same credit again gets the same answer; other content under the reference gets AM05.
        let again = try await stack.sendInbound("KH-TH", reference: reference, amount: "1000.00", creditCurrency: "KHR")
        #expect(again.status == 200 && again.json["mekong_payment_id"] as? String == paymentID)
        let clash = try await stack.sendInbound("KH-TH", reference: reference, amount: "999.00", creditCurrency: "KHR")
        #expect(clash.status == 409)
        #expect(clash.json["reason_code"] as? String == "AM05")
        #expect(try await stack.ledgerEntries(for: paymentID).count == 1)
    }

    @Test("an Alipay remittance of CNY 500 is credited as USD 69.94 and answered in Alipay's format")
    func alipayInbound() async throws {
        let stack = try await MekongStack.shared()
        let reference = "2026\(UInt32.random(in: 0...UInt32.max))"
        let accepted = try await stack.sendInbound("KH-CN", reference: reference, amount: "500.00")
        #expect(accepted.status == 202, "\(accepted.text)")
        #expect(accepted.json["code"] as? String == "10000")
        // CNY 500 × 0.14045 × (1 − 0.40%) = USD 69.9441 → 69.94
        #expect(accepted.json["settle_amount"] as? String == "69.94")
        #expect(accepted.json["settle_currency"] as? String == "USD")
        let done = try await waitForPartnerStatus(stack, "KH-CN", reference, key: "trade_status", value: "TRADE_SUCCESS")
        #expect(done["trade_status"] as? String == "TRADE_SUCCESS")
    }

    @Test("a credit to an unknown Bakong account ends REJECTED with 2003, told to Alipay as ACQ.PAYEE_NOT_EXIST")
    func unknownPayee() async throws {
        let stack = try await MekongStack.shared()
        let reference = "2026\(UInt32.random(in: 0...UInt32.max))"
        let accepted = try await stack.sendInbound("KH-CN", reference: reference, amount: "100.00", beneficiary: "0000002003")
        #expect(accepted.status == 202)
        let done = try await waitForPartnerStatus(stack, "KH-CN", reference, key: "trade_status", value: "TRADE_CLOSED")
        #expect(done["sub_code"] as? String == "ACQ.PAYEE_NOT_EXIST")
    }

    @Test("above CNY 10,000 P2P the remittance is refused with 2005 (ACQ.EXCEED_LIMIT)")
    func inboundLimit() async throws {
        let stack = try await MekongStack.shared()
        let refused = try await stack.sendInbound("KH-CN", reference: "2026\(UInt32.random(in: 0...UInt32.max))", amount: "10000.01")
        #expect(refused.status == 422)
        #expect(refused.json["sub_code"] as? String == "ACQ.EXCEED_LIMIT")
    }

    @Test("an unsigned, wrongly signed or stale credit is refused with 1001, and nothing is stored")
    func signatures() async throws {
        let stack = try await MekongStack.shared()
        let body = Array(
            #"{"instruction_id":"X1","purpose":"P2P","amount":"10.00","currency":"THB","credit_currency":"KHR","debtor":{"name":"A","account":"1234"},"creditor":{"name":"B","account":"5678"}}"#
                .utf8)
        let path = "/partners/KH-TH/inbound"
        func send(_ headers: [(String, String)]) async throws -> TestClient.Reply {
            try await stack.anonymous.request("POST", path, body: String(decoding: body, as: UTF8.self), headers: headers)
        }
        #expect(try await send([]).errorCode == 1001)
        let now = Int(Date().timeIntervalSince1970)
        let wrong = PartnerSignature.sign(secret: "not-the-secret", timestamp: now, method: "POST", path: path, body: body)
        #expect(try await send([(PartnerSignature.timestampHeader, "\(now)"), (PartnerSignature.signatureHeader, wrong)]).errorCode == 1001)
        let stale = now - 301
        let old = PartnerSignature.sign(secret: MekongStack.inboundSecrets["KH-TH"]!, timestamp: stale, method: "POST", path: path, body: body)
        #expect(try await send([(PartnerSignature.timestampHeader, "\(stale)"), (PartnerSignature.signatureHeader, old)]).errorCode == 1001)
        let good = PartnerSignature.sign(secret: MekongStack.inboundSecrets["KH-TH"]!, timestamp: now, method: "POST", path: path, body: body)
        let accepted = try await send([(PartnerSignature.timestampHeader, "\(now)"), (PartnerSignature.signatureHeader, good)])
        #expect(accepted.status == 202 || accepted.status == 200, "\(accepted.text)")
    }

    @Test(
        "a signed credit with a NUL, an empty or an oversized field is refused in the partner's format, and nothing is stored",
        arguments: [
            (#"X\u0000NUL"#, "A", "1234"), ("", "A", "1234"), (String(repeating: "R", count: 3_000), "A", "1234"),
            ("IB-NAME-NUL", #"A\u0000\u0301"#, "1234"), ("IB-NAME-EMPTY", "", "1234"), ("IB-NAME-LONG", String(repeating: "N", count: 5_000), "1234"),
            ("IB-ACCOUNT-EMPTY", "A", ""), ("IB-ACCOUNT-NUL", "A", #"12\u000034"#),
        ])
    func fieldChecks(reference: String, name: String, account: String) async throws {
        let stack = try await MekongStack.shared()
        let body = Array(
            #"{"instruction_id":"\#(reference)","purpose":"P2P","amount":"10.00","currency":"THB","credit_currency":"KHR","debtor":{"name":"\#(name)","account":"\#(account)"},"creditor":{"name":"B","account":"5678"}}"#
                .utf8)
        let path = "/partners/KH-TH/inbound"
        let now = Int(Date().timeIntervalSince1970)
        let signature = PartnerSignature.sign(secret: MekongStack.inboundSecrets["KH-TH"]!, timestamp: now, method: "POST", path: path, body: body)
        let reply = try await stack.anonymous.request(
            "POST", path, body: String(decoding: body, as: UTF8.self),
            headers: [(PartnerSignature.timestampHeader, "\(now)"), (PartnerSignature.signatureHeader, signature)])
        #expect((400..<500).contains(reply.status), "\(reply.status) \(reply.text)")
        #expect(reply.json["status"] as? String == "RJCT", "answered in PromptPay's format: \(reply.text)")
        let stored = try await stack.sql(
            "SELECT count(*) FROM payments WHERE direction = 'inbound' AND (partner_transfer_ref LIKE 'IB-%' OR partner_transfer_ref = '' OR length(partner_transfer_ref) > 64 OR payer_name = '' OR length(payer_name) > 140)"
        )
        #expect(stored == "0", "no such payment stored")
    }

    @Test("a corridor without inbound credits refuses them with 2006")
    func noInboundOnMalaysia() async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.anonymous.request("POST", "/partners/KH-MY/inbound", body: "{}")
        #expect(reply.errorCode == 2006)
    }
}
