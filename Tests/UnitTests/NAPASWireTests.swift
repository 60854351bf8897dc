import MekongCore
import Testing

@testable import Corridors

/// NAPAS's ISO 8583 response codes, as the sandbox's NAPAS sends them, to Mekong's outcomes.
@Suite("NAPAS wire: every ISO 8583 response code to its outcome")
struct NAPASWireTests {
    static func answer(_ status: Int, _ body: String) -> OutboundResponse {
        OutboundResponse(status: status, headers: [], body: Array(body.utf8), durationMilliseconds: 5)
    }

    static func code(_ responseCode: String, inquiry: Bool = false) -> PartnerOutcome {
        NAPASWire.outcome(of: answer(200, #"{"requestId":"pay_1","responseCode":"\#(responseCode)","napasRef":"NP-1"}"#), inquiry: inquiry)
    }

    @Test("00 settles, 09 is pending, 25 is not found to an inquiry and ambiguous to a transfer")
    func statuses() {
        #expect(Self.code("00") == .settled(partnerReference: "NP-1"))
        #expect(Self.code("09") == .pending)
        #expect(Self.code("25", inquiry: true) == .notFound)
        if case .ambiguous = Self.code("25") {} else { Issue.record("25 to a transfer is ambiguous") }
    }

    @Test(
        "each decline code to its Bakong code",
        arguments: [
            ("51", ErrorCode.insufficientFunds), ("14", .invalidBeneficiaryAccount), ("52", .invalidBeneficiaryAccount),
            ("53", .invalidBeneficiaryAccount), ("78", .invalidBeneficiaryAccount), ("61", .limitExceeded), ("13", .limitExceeded),
            ("94", .duplicateReference), ("68", .transactionTimeout), ("05", .corridorUnavailable),
        ])
    func declines(responseCode: String, code: ErrorCode) {
        #expect(Self.code(responseCode) == .rejected(code, message: "NAPAS declined the transfer: response code \(responseCode)"))
    }

    @Test("91, 92 and 96 defer a transfer (not processed) and leave an inquiry ambiguous; an unreadable 503 defers, an unreadable 200 is ambiguous")
    func unavailable() {
        for code in ["91", "92", "96"] {
            #expect(Self.code(code) == .deferred(reason: "NAPAS unavailable (\(code))", retryAfterSeconds: nil))
            #expect(Self.code(code, inquiry: true) == .ambiguous(reason: "NAPAS unavailable (\(code))"))
        }
        #expect(NAPASWire.outcome(of: Self.answer(503, "busy"), inquiry: false) == .deferred(reason: "NAPAS answered 503", retryAfterSeconds: nil))
        #expect(
            NAPASWire.outcome(of: Self.answer(200, "<html>"), inquiry: false) == .ambiguous(reason: "NAPAS answered HTTP 200 with an unreadable body")
        )
    }
}
