import Foundation
import MekongCore
import Testing

@testable import Corridors

/// Alipay's inbound remittances read, and Mekong's answers in Alipay's format.
@Suite("Alipay wire: a remittance read in yuan, settled in USD; every answer in Alipay's codes")
struct AlipayWireTests {
    static let remittance =
        #"{"out_trade_no":"ALI-1","biz_type":"P2P","trans_amount":"500.00","trans_currency":"CNY","settle_currency":"USD","payer_info":{"name":"Li Wei","alipay_user_id":"2088000"},"payee_info":{"name":"Sok Dara","bakong_account_id":"sok@wing"}}"#

    @Test("a remittance is read in CNY and credits the payee in USD; a wrong currency, type or amount is refused")
    func reads() throws {
        let credit = try AlipayWire.readInbound(Array(Self.remittance.utf8), partnerCurrency: .CNY, settlementCurrency: .USD)
        #expect(credit.amount == Money(minorUnits: 50_000, currency: .CNY) && credit.creditCurrency == .USD)
        #expect(credit.beneficiaryAccount == "sok@wing" && credit.partnerReference == "ALI-1" && credit.khqr == nil)
        for (from, to) in [
            ("\"CNY\"", "\"HKD\""), ("\"settle_currency\":\"USD\"", "\"settle_currency\":\"KHR\""), ("\"P2P\"", "\"GIFT\""),
            ("500.00", "-1.00"),
        ] {
            #expect(throws: MekongError.self) {
                try AlipayWire.readInbound(
                    Array(Self.remittance.replacingOccurrences(of: from, with: to).utf8), partnerCurrency: .CNY, settlementCurrency: .USD)
            }
        }
    }

    @Test("answers: success with the trade status of the payment's state; a refusal is 40004 with the sub-code for its Bakong code")
    func answers() throws {
        func read(_ status: InboundStatus) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(AlipayWire.answer(status))) as? [String: Any])
        }
        let settled = try read(
            InboundStatus(
                partnerReference: "ALI-1", paymentID: "pay_1", state: .crossBorderSettled,
                credited: Money(minorUnits: 6_992, currency: .USD), error: nil))
        #expect(
            settled["code"] as? String == "10000" && settled["trade_status"] as? String == "TRADE_SUCCESS"
                && settled["settle_amount"] as? String == "69.92")
        let processing = try read(InboundStatus(partnerReference: "ALI-1", paymentID: "pay_1", state: .fxPending, credited: nil, error: nil))
        #expect(processing["trade_status"] as? String == "TRADE_PROCESSING")
        for (code, sub) in [
            (ErrorCode.invalidBeneficiaryAccount, "ACQ.PAYEE_NOT_EXIST"), (.limitExceeded, "ACQ.EXCEED_LIMIT"),
            (.fxRateUnavailable, "ACQ.RATE_UNAVAILABLE"), (.corridorUnavailable, "ACQ.SYSTEM_ERROR"),
        ] {
            let refused = try read(
                InboundStatus(partnerReference: "ALI-1", paymentID: nil, state: nil, credited: nil, error: MekongError(code, "no")))
            #expect(
                refused["code"] as? String == "40004" && refused["sub_code"] as? String == sub && refused["trade_status"] as? String == "TRADE_CLOSED"
            )
        }
    }
}
