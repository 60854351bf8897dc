import MekongCore
import Testing

@testable import Corridors

/// LAPNet's answers, as recorded from the sandbox's pilot, to Mekong's outcomes.
@Suite("LAPNet wire: every status and reason to its outcome")
struct LAPNetWireTests {
    static func answer(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> OutboundResponse {
        OutboundResponse(status: status, headers: headers, body: Array(body.utf8), durationMilliseconds: 5)
    }

    @Test("COMPLETED settles, PROCESSING is pending, NOT_FOUND is not found only to an inquiry")
    func statuses() {
        #expect(
            LAPNetWire.outcome(of: Self.answer(200, #"{"transaction_id":"pay_1","status":"COMPLETED","lapnet_ref":"LAP-1"}"#), inquiry: false)
                == .settled(partnerReference: "LAP-1"))
        #expect(LAPNetWire.outcome(of: Self.answer(200, #"{"transaction_id":"pay_1","status":"PROCESSING"}"#), inquiry: true) == .pending)
        #expect(LAPNetWire.outcome(of: Self.answer(404, #"{"transaction_id":"pay_1","status":"NOT_FOUND"}"#), inquiry: true) == .notFound)
        if case .ambiguous = LAPNetWire.outcome(of: Self.answer(404, #"{"status":"NOT_FOUND"}"#), inquiry: false) {
        } else {
            Issue.record("NOT_FOUND to a transfer must be ambiguous: ask again, never assume")
        }
    }

    @Test(
        "each rejection reason maps to its Bakong code",
        arguments: [
            ("INSUFFICIENT_FUNDS", ErrorCode.insufficientFunds), ("INVALID_ACCOUNT", .invalidBeneficiaryAccount),
            ("ACCOUNT_CLOSED", .invalidBeneficiaryAccount), ("LIMIT_EXCEEDED", .limitExceeded), ("DUPLICATE", .duplicateReference),
            ("SOMETHING_NEW", .corridorUnavailable),
        ])
    func reasons(reason: String, code: ErrorCode) {
        let outcome = LAPNetWire.outcome(of: Self.answer(200, #"{"status":"REJECTED","reason":"\#(reason)"}"#), inquiry: false)
        #expect(outcome == .rejected(code, message: "LAPNet rejected the transfer: \(reason)"))
    }

    @Test("503 with Retry-After defers; an unreadable body or an unknown status is ambiguous")
    func unusable() {
        #expect(
            LAPNetWire.outcome(of: Self.answer(503, "not live", headers: [("retry-after", "30")]), inquiry: false)
                == .deferred(reason: "LAPNet answered 503", retryAfterSeconds: 30))
        for body in ["<html>", #"{"status":"MAYBE"}"#] {
            if case .ambiguous = LAPNetWire.outcome(of: Self.answer(200, body), inquiry: false) {} else { Issue.record("\(body) must be ambiguous") }
        }
    }
}
