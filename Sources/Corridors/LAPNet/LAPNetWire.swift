import Foundation
import MekongCore

/// LAPNet's wire format (the sandbox's pilot; the bilateral protocol is still to be agreed) and
/// its mapping onto Mekong's outcomes and Bakong codes.
///
/// snake_case JSON; amounts are decimal strings in kip (ISO 4217 exponent 2); an answer has a
/// `status` (COMPLETED, PROCESSING, REJECTED, NOT_FOUND) and, when rejected, a `reason`.
public enum LAPNetWire {
    struct Party: Encodable {
        let name: String
        let account: String
    }

    struct TransferRequest: Encodable {
        let transaction_id: String
        let purpose: String
        let amount: String
        let currency: String
        let sender: Party
        let receiver: Party

        init(_ instruction: TransferInstruction) {
            transaction_id = instruction.reference
            purpose = instruction.paymentType.rawValue
            amount = instruction.destinationAmount.decimalString
            currency = instruction.destinationAmount.currency.code
            sender = Party(name: instruction.payerName, account: instruction.payerAccount)
            receiver = Party(name: instruction.beneficiaryName, account: instruction.beneficiaryAccount)
        }
    }

    struct TransferAnswer: Decodable {
        let transaction_id: String?
        let status: String
        let reason: String?
        let lapnet_ref: String?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// The Bakong code for a LAPNet rejection reason.
    public static func code(forReason reason: String?) -> ErrorCode {
        switch reason {
        case "INSUFFICIENT_FUNDS": .insufficientFunds
        case "INVALID_ACCOUNT", "ACCOUNT_CLOSED": .invalidBeneficiaryAccount
        case "LIMIT_EXCEEDED": .limitExceeded
        case "DUPLICATE": .duplicateReference
        default: .corridorUnavailable
        }
    }

    static func outcome(of response: OutboundResponse, inquiry: Bool) -> PartnerOutcome {
        guard let answer = try? JSONDecoder().decode(TransferAnswer.self, from: Data(response.body)) else {
            if response.status == 429 || response.status == 503 {
                return .deferred(reason: "LAPNet answered \(response.status)", retryAfterSeconds: response.header("retry-after").flatMap(Int.init))
            }
            return .ambiguous(reason: "LAPNet answered HTTP \(response.status) with an unreadable body")
        }
        switch answer.status {
        case "COMPLETED": return .settled(partnerReference: answer.lapnet_ref ?? "")
        case "PROCESSING": return .pending
        case "NOT_FOUND": return inquiry ? .notFound : .ambiguous(reason: "LAPNet answered NOT_FOUND to a transfer")
        case "REJECTED":
            return .rejected(code(forReason: answer.reason), message: "LAPNet rejected the transfer: \(answer.reason ?? "no reason given")")
        default: return .ambiguous(reason: "LAPNet answered an unknown status '\(answer.status)'")
        }
    }
}
