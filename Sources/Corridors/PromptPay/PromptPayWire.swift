import Foundation
import MekongCore

/// PromptPay's wire format and its mapping onto Mekong's outcomes and Bakong codes.
///
/// Statuses follow ISO 20022 (`ACSC` settled, `PDNG` pending, `RJCT` rejected); reasons
/// are ISO 20022 external reason codes.
public enum PromptPayWire {
    struct Party: Codable {
        let name: String
        let account: String
    }

    struct TransferRequest: Encodable {
        let instruction_id: String
        let purpose: String
        let amount: String
        let currency: String
        let source_amount: String
        let source_currency: String
        let debtor: Party
        let creditor: Party

        init(_ instruction: TransferInstruction) {
            instruction_id = instruction.reference
            purpose = instruction.paymentType.rawValue
            amount = instruction.destinationAmount.decimalString
            currency = instruction.destinationAmount.currency.code
            source_amount = instruction.sourceAmount.decimalString
            source_currency = instruction.sourceAmount.currency.code
            debtor = Party(name: instruction.payerName, account: instruction.payerAccount)
            creditor = Party(name: instruction.beneficiaryName, account: instruction.beneficiaryAccount)
        }
    }

    struct ReturnRequest: Encodable {
        let return_id: String
        let original_instruction_id: String
        let amount: String
        let currency: String
        let reason: String?

        init(_ instruction: ReturnInstruction) {
            return_id = instruction.reference
            original_instruction_id = instruction.originalReference
            amount = instruction.amount.decimalString
            currency = instruction.amount.currency.code
            reason = instruction.reason
        }
    }

    struct TransferStatus: Decodable {
        let instruction_id: String?
        let transaction_id: String?
        let status: String
        let reason_code: String?
        let reason: String?
    }

    struct ErrorBody: Decodable {
        let error: String?
        let error_description: String?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// The Bakong code for an ISO 20022 reason code.
    public static func errorCode(forReason reason: String) -> ErrorCode {
        switch reason {
        case "AM04": .insufficientFunds
        case "AC01", "AC03", "AC04", "AC06", "BE01": .invalidBeneficiaryAccount
        case "AM02", "AM14": .limitExceeded
        case "AM05", "DUPL": .duplicateReference
        case "AB05", "AB06": .transactionTimeout
        case "FX01": .fxRateUnavailable
        case "MNTN": .systemMaintenance
        default: .corridorUnavailable
        }
    }

    /// Maps an HTTP answer from PromptPay onto an outcome.
    static func outcome(of response: OutboundResponse, inquiry: Bool) -> PartnerOutcome {
        switch response.status {
        case 200, 201, 202, 422, 409:
            guard let status = try? JSONDecoder().decode(TransferStatus.self, from: Data(response.body)) else {
                return response.status == 422
                    ? .rejected(.corridorUnavailable, message: "PromptPay refused the transfer with an unreadable body")
                    : .ambiguous(reason: "PromptPay answered \(response.status) with an unreadable body")
            }
            switch status.status {
            case "ACSC": return .settled(partnerReference: status.transaction_id ?? "")
            case "PDNG", "ACSP", "ACCP": return .pending
            case "RJCT":
                let code = errorCode(forReason: status.reason_code ?? "")
                return .rejected(code, message: "PromptPay rejected the transfer: \(status.reason_code ?? "no reason code") \(status.reason ?? "")")
            default:
                return .ambiguous(reason: "PromptPay answered an unknown status '\(status.status)'")
            }
        case 404 where inquiry:
            return .notFound
        case 401:
            // Not processed either way: a stale token (1002) is retried later with a new one;
            // refused client credentials (1001) end the payment.
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            if body?.error == "invalid_token" { return .deferred(reason: "PromptPay refused the token (1002)", retryAfterSeconds: nil) }
            return .rejected(.invalidCredentials, message: "PromptPay refused the credentials: \(body?.error ?? "401")")
        case 429, 503:
            return .deferred(reason: "PromptPay answered \(response.status)", retryAfterSeconds: response.header("retry-after").flatMap(Int.init))
        default:
            return .ambiguous(reason: "PromptPay answered HTTP \(response.status)")
        }
    }

    // MARK: Inbound: Thai payers to Cambodian payees

    struct InboundRequest: Decodable {
        let instruction_id: String
        let purpose: String
        let amount: String
        let currency: String
        let credit_currency: String
        let debtor: Party
        let creditor: Party
        /// The KHQR code a Thai wallet scanned, when the credit pays a Cambodian merchant's charge.
        let khqr: String?
    }

    struct InboundAnswer: Encodable {
        let instruction_id: String
        let status: String
        let reason_code: String?
        let reason: String?
        let mekong_payment_id: String?
        let credited_amount: String?
        let credited_currency: String?
    }

    static func readInbound(_ body: [UInt8], partnerCurrency: Currency) throws(MekongError) -> InboundCredit {
        let request: InboundRequest
        do { request = try JSONDecoder().decode(InboundRequest.self, from: Data(body)) } catch {
            throw MekongError.invalid("the PromptPay credit instruction is malformed: \(error)")
        }
        guard let type = PaymentType(rawValue: request.purpose) else { throw .invalid("purpose must be P2P or B2B") }
        guard request.currency == partnerCurrency.code else { throw .invalid("currency must be \(partnerCurrency.code)") }
        guard let credit = Currency.named(request.credit_currency) else {
            throw .invalid("credit_currency '\(request.credit_currency)' is not known")
        }
        let amount: Money
        do { amount = try Money(parsing: request.amount, currency: partnerCurrency) } catch { throw .invalid("amount: \(error.description)") }
        guard amount.minorUnits > 0 else { throw .invalid("amount must be greater than zero") }
        return InboundCredit(
            partnerReference: request.instruction_id, paymentType: type, amount: amount, creditCurrency: credit,
            payerName: request.debtor.name, payerAccount: request.debtor.account,
            beneficiaryName: request.creditor.name, beneficiaryAccount: request.creditor.account, khqr: request.khqr)
    }

    /// ISO 20022 reason code for a Bakong code, for answers to PromptPay.
    public static func reason(for code: ErrorCode) -> String {
        switch code {
        case .insufficientFunds: "AM04"
        case .invalidBeneficiaryAccount: "AC03"
        case .limitExceeded: "AM02"
        case .duplicateReference: "AM05"
        case .fxRateUnavailable: "FX01"
        case .systemMaintenance: "MNTN"
        case .routeNotOffered: "AG01"
        case .invalidRequest: "FF01"
        case .invalidCredentials, .tokenExpired: "AUTH"
        default: "NOAS"
        }
    }

    static func inboundAnswer(_ status: InboundStatus) -> [UInt8] {
        let code: String =
            if status.error != nil { "RJCT" } else {
                switch status.state {
                case .crossBorderSettled?: "ACSC"
                case .rejected?, .timeout?, .error?: "RJCT"
                default: "ACSP"
                }
            }
        let answer = InboundAnswer(
            instruction_id: status.partnerReference, status: code,
            reason_code: status.error.map { reason(for: $0.code) }, reason: status.error?.message,
            mekong_payment_id: status.paymentID, credited_amount: status.credited?.decimalString,
            credited_currency: status.credited?.currency.code)
        return Array((try? encoder.encode(answer)) ?? Data())
    }
}
