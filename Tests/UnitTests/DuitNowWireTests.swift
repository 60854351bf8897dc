import MekongCore
import Testing

@testable import Corridors

/// DuitNow's batch and item answers, as the sandbox's DuitNow sends them, to Mekong's outcomes.
@Suite("DuitNow wire: a batch's items and a single item's status to their outcomes")
struct DuitNowWireTests {
    static func answer(_ status: Int, _ body: String) -> OutboundResponse {
        OutboundResponse(status: status, headers: [], body: Array(body.utf8), durationMilliseconds: 5)
    }

    @Test("a processed batch gives each item its outcome by EndToEndId; reason codes map as PromptPay's (ISO 20022)")
    func batch() {
        let body = #"""
            {"BatchId":"b1","Items":[{"EndToEndId":"pay_1","TxSts":"ACSC","TxId":"DN-1"},{"EndToEndId":"pay_2","TxSts":"RJCT","StsRsnCd":"AC03"},
             {"EndToEndId":"pay_3","TxSts":"PDNG"},{"EndToEndId":"pay_4","TxSts":"HUH"}]}
            """#
        guard case .processed(let items) = DuitNowWire.batchOutcome(of: Self.answer(200, body)) else {
            Issue.record("a 200 with items is processed")
            return
        }
        #expect(items["pay_1"] == .settled(partnerReference: "DN-1"))
        #expect(items["pay_2"] == .rejected(.invalidBeneficiaryAccount, message: "DuitNow rejected the transfer: AC03"))
        #expect(items["pay_3"] == .pending)
        #expect(items["pay_4"] == .ambiguous(reason: "DuitNow answered an unknown status 'HUH'"))
    }

    @Test("a batch without a usable answer is ambiguous (sent again under the same batch id); an item look-up's 404 is not found")
    func unusable() {
        #expect(DuitNowWire.batchOutcome(of: Self.answer(502, "")) == .ambiguous(reason: "DuitNow answered HTTP 502"))
        #expect(DuitNowWire.batchOutcome(of: Self.answer(200, "[]")) == .ambiguous(reason: "DuitNow answered HTTP 200"))
        #expect(DuitNowWire.itemOutcome(of: Self.answer(404, "")) == .notFound)
        #expect(
            DuitNowWire.itemOutcome(of: Self.answer(200, #"{"EndToEndId":"pay_1","TxSts":"RJCT","StsRsnCd":"AM04"}"#))
                == .rejected(.insufficientFunds, message: "DuitNow rejected the transfer: AM04"))
    }
}
