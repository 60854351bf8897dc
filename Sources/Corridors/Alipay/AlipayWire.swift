import Foundation
import MekongCore

/// Alipay's cross-border remittance format (snake_case, `out_trade_no`, amounts as decimal
/// strings, gateway `code` 10000 for success and `sub_code` for business errors) and the
/// mapping of Mekong's answers onto it.
public enum AlipayWire {
    struct Payer: Decodable {
        let name: String
        let alipay_user_id: String
    }
    struct Payee: Decodable {
        let name: String
        let bakong_account_id: String
    }
    struct Remittance: Decodable {
        let out_trade_no: String
        let biz_type: String
        let trans_amount: String
        let trans_currency: String
        let settle_currency: String
        let payer_info: Payer
        let payee_info: Payee
        /// The KHQR code a Chinese wallet scanned, when the remittance pays a Cambodian merchant's charge.
        let qr_code: String?
    }
    struct Answer: Encodable {
        let code: String
        let msg: String
        let sub_code: String?
        let sub_msg: String?
        let out_trade_no: String
        let trade_no: String?
        let trade_status: String?
        let settle_amount: String?
        let settle_currency: String?
    }

    static func readInbound(_ body: [UInt8], partnerCurrency: Currency, settlementCurrency: Currency) throws(MekongError) -> InboundCredit {
        let request: Remittance
        do { request = try JSONDecoder().decode(Remittance.self, from: Data(body)) } catch {
            throw MekongError.invalid("the Alipay remittance is malformed: \(error)")
        }
        guard let type = PaymentType(rawValue: request.biz_type) else { throw .invalid("biz_type must be P2P or B2B") }
        guard request.trans_currency == partnerCurrency.code else { throw .invalid("trans_currency must be \(partnerCurrency.code)") }
        guard request.settle_currency == settlementCurrency.code else { throw .invalid("settle_currency must be \(settlementCurrency.code)") }
        let amount: Money
        do { amount = try Money(parsing: request.trans_amount, currency: partnerCurrency) } catch {
            throw .invalid("trans_amount: \(error.description)")
        }
        guard amount.minorUnits > 0 else { throw .invalid("trans_amount must be greater than zero") }
        return InboundCredit(
            partnerReference: request.out_trade_no, paymentType: type, amount: amount, creditCurrency: settlementCurrency,
            payerName: request.payer_info.name, payerAccount: request.payer_info.alipay_user_id,
            beneficiaryName: request.payee_info.name, beneficiaryAccount: request.payee_info.bakong_account_id,
            khqr: request.qr_code)
    }

    /// Alipay's `sub_code` for a Bakong code.
    public static func subCode(for code: ErrorCode) -> String {
        switch code {
        case .invalidBeneficiaryAccount: "ACQ.PAYEE_NOT_EXIST"
        case .limitExceeded: "ACQ.EXCEED_LIMIT"
        case .duplicateReference: "ACQ.TRADE_HAS_SUCCESS"
        case .fxRateUnavailable: "ACQ.RATE_UNAVAILABLE"
        case .invalidRequest: "ACQ.INVALID_PARAMETER"
        case .invalidCredentials, .tokenExpired: "ACQ.INVALID_SIGNATURE"
        case .routeNotOffered: "ACQ.TRADE_NOT_ALLOWED"
        default: "ACQ.SYSTEM_ERROR"
        }
    }

    static func answer(_ status: InboundStatus) -> [UInt8] {
        let answer: Answer
        if let error = status.error {
            answer = Answer(
                code: "40004", msg: "Business Failed", sub_code: subCode(for: error.code), sub_msg: error.message,
                out_trade_no: status.partnerReference, trade_no: status.paymentID, trade_status: "TRADE_CLOSED",
                settle_amount: nil, settle_currency: nil)
        } else {
            let tradeStatus =
                switch status.state {
                case .crossBorderSettled?: "TRADE_SUCCESS"
                case .rejected?, .timeout?, .error?: "TRADE_CLOSED"
                default: "TRADE_PROCESSING"
                }
            answer = Answer(
                code: "10000", msg: "Success", sub_code: nil, sub_msg: nil, out_trade_no: status.partnerReference,
                trade_no: status.paymentID, trade_status: tradeStatus, settle_amount: status.credited?.decimalString,
                settle_currency: status.credited?.currency.code)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(answer)) ?? Data())
    }
}
