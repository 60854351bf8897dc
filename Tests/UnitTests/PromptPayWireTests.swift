import Foundation
import MekongCore
import Testing

@testable import Corridors

/// PromptPay's answers, as the sandbox's PromptPay sends them, to Mekong's outcomes; its
/// inbound credits read and answered in its own format.
@Suite("PromptPay wire: every status, reason code and HTTP answer to its outcome")
struct PromptPayWireTests {
    static func answer(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> OutboundResponse {
        OutboundResponse(status: status, headers: headers, body: Array(body.utf8), durationMilliseconds: 5)
    }

    @Test("ACSC settles with PromptPay's transaction id; PDNG, ACSP and ACCP are pending; 404 is not found only to an inquiry")
    func statuses() {
        #expect(
            PromptPayWire.outcome(of: Self.answer(201, #"{"instruction_id":"pay_1","status":"ACSC","transaction_id":"PP-9"}"#), inquiry: false)
                == .settled(partnerReference: "PP-9"))
        for pending in ["PDNG", "ACSP", "ACCP"] {
            #expect(PromptPayWire.outcome(of: Self.answer(202, #"{"instruction_id":"pay_1","status":"\#(pending)"}"#), inquiry: true) == .pending)
        }
        #expect(PromptPayWire.outcome(of: Self.answer(404, "{}"), inquiry: true) == .notFound)
        if case .ambiguous = PromptPayWire.outcome(of: Self.answer(404, "{}"), inquiry: false) {
        } else {
            Issue.record("404 to a transfer is ambiguous")
        }
    }

    @Test(
        "each ISO 20022 reason code to its Bakong code",
        arguments: [
            ("AM04", ErrorCode.insufficientFunds), ("AC01", .invalidBeneficiaryAccount), ("AC03", .invalidBeneficiaryAccount),
            ("AC04", .invalidBeneficiaryAccount), ("AC06", .invalidBeneficiaryAccount), ("BE01", .invalidBeneficiaryAccount),
            ("AM02", .limitExceeded), ("AM14", .limitExceeded), ("AM05", .duplicateReference), ("DUPL", .duplicateReference),
            ("AB05", .transactionTimeout), ("AB06", .transactionTimeout), ("FX01", .fxRateUnavailable), ("MNTN", .systemMaintenance),
            ("ZZ99", .corridorUnavailable),
        ])
    func reasons(reason: String, code: ErrorCode) {
        let outcome = PromptPayWire.outcome(
            of: Self.answer(422, #"{"instruction_id":"pay_1","status":"RJCT","reason_code":"\#(reason)","reason":"r"}"#),
            inquiry: false)
        #expect(outcome == .rejected(code, message: "PromptPay rejected the transfer: \(reason) r"))
    }

    @Test("401: a stale token defers (1002), refused credentials reject (1001); 429 and 503 defer with Retry-After; other answers are ambiguous")
    func httpAnswers() {
        if case .deferred = PromptPayWire.outcome(of: Self.answer(401, #"{"error":"invalid_token"}"#), inquiry: false) {
        } else {
            Issue.record("a stale token is retried with a new one")
        }
        #expect(
            PromptPayWire.outcome(of: Self.answer(401, #"{"error":"invalid_client"}"#), inquiry: false)
                == .rejected(.invalidCredentials, message: "PromptPay refused the credentials: invalid_client"))
        #expect(
            PromptPayWire.outcome(of: Self.answer(429, "", headers: [("retry-after", "7")]), inquiry: false)
                == .deferred(reason: "PromptPay answered 429", retryAfterSeconds: 7))
        for (status, body) in [(500, ""), (200, "<html>"), (200, #"{"status":"WHAT"}"#)] {
            if case .ambiguous = PromptPayWire.outcome(of: Self.answer(status, body), inquiry: false) {} else { Issue.record("\(status) \(body)") }
        }
        #expect(
            PromptPayWire.outcome(of: Self.answer(422, "not json"), inquiry: false)
                == .rejected(.corridorUnavailable, message: "PromptPay refused the transfer with an unreadable body"))
    }

    @Test("an inbound credit is read in baht and answered in PromptPay's format, with the reason code for Mekong's refusal")
    func inbound() throws {
        let body =
            #"{"instruction_id":"TH-1","purpose":"P2P","amount":"1000.00","currency":"THB","credit_currency":"KHR","debtor":{"name":"Somchai","account":"9876543210"},"creditor":{"name":"Sok","account":"012345678"}}"#
        let credit = try PromptPayWire.readInbound(Array(body.utf8), partnerCurrency: .THB)
        #expect(credit.amount == Money(minorUnits: 100_000, currency: .THB) && credit.creditCurrency == .KHR && credit.partnerReference == "TH-1")
        #expect(throws: MekongError.self) {
            try PromptPayWire.readInbound(Array(body.replacingOccurrences(of: "\"THB\"", with: "\"USD\"").utf8), partnerCurrency: .THB)
        }
        #expect(throws: MekongError.self) {
            try PromptPayWire.readInbound(Array(body.replacingOccurrences(of: "1000.00", with: "0.00").utf8), partnerCurrency: .THB)
        }
        let refused = InboundStatus(partnerReference: "TH-1", paymentID: nil, state: nil, credited: nil, error: MekongError(.limitExceeded, "over"))
        let answer = try JSONSerialization.jsonObject(with: Data(PromptPayWire.inboundAnswer(refused))) as? [String: Any]
        #expect(answer?["status"] as? String == "RJCT" && answer?["reason_code"] as? String == "AM02" && answer?["reason"] as? String == "over")
    }
}
