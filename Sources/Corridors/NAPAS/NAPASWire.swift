import Foundation
import MekongCore

/// NAPAS's wire format and its mapping onto Mekong's outcomes and Bakong codes.
///
/// camelCase JSON; amounts are integers in the currency's minor unit (VND has none);
/// currencies are ISO 4217 numeric codes; answers carry ISO 8583 response codes.
public enum NAPASWire {
    struct TransferRequest: Encodable {
        let requestId: String
        let serviceCode: String
        let amount: Int64
        let currency: String
        let debtorName: String
        let debtorAccount: String
        let creditorName: String
        let creditorAccount: String

        init(_ instruction: TransferInstruction) {
            requestId = instruction.reference
            serviceCode = instruction.paymentType.rawValue
            amount = instruction.destinationAmount.minorUnits
            currency = String(instruction.destinationAmount.currency.numericCode)
            debtorName = instruction.payerName
            debtorAccount = instruction.payerAccount
            creditorName = instruction.beneficiaryName
            creditorAccount = instruction.beneficiaryAccount
        }
    }

    struct TransferAnswer: Decodable {
        let requestId: String?
        let responseCode: String
        let napasRef: String?
        let message: String?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// What an ISO 8583 response code means.
    public enum Meaning: Equatable {
        case approved
        case inProgress
        case notFound
        case declined(ErrorCode)
        case unavailable
    }

    public static func meaning(of responseCode: String) -> Meaning {
        switch responseCode {
        case "00": .approved
        case "09": .inProgress
        case "25": .notFound
        case "51": .declined(.insufficientFunds)
        case "14", "52", "53", "78": .declined(.invalidBeneficiaryAccount)
        case "61", "13": .declined(.limitExceeded)
        case "94": .declined(.duplicateReference)
        case "68": .declined(.transactionTimeout)
        case "91", "92", "96": .unavailable
        default: .declined(.corridorUnavailable)
        }
    }

    static func outcome(of response: OutboundResponse, inquiry: Bool) -> PartnerOutcome {
        guard let answer = try? JSONDecoder().decode(TransferAnswer.self, from: Data(response.body)) else {
            if response.status == 429 || response.status == 503 {
                return .deferred(reason: "NAPAS answered \(response.status)", retryAfterSeconds: response.header("retry-after").flatMap(Int.init))
            }
            return .ambiguous(reason: "NAPAS answered HTTP \(response.status) with an unreadable body")
        }
        switch meaning(of: answer.responseCode) {
        case .approved: return .settled(partnerReference: answer.napasRef ?? "")
        case .inProgress: return .pending
        case .notFound: return inquiry ? .notFound : .ambiguous(reason: "NAPAS answered 25 to a transfer")
        case .declined(let code): return .rejected(code, message: "NAPAS declined the transfer: response code \(answer.responseCode)")
        case .unavailable:
            // 91/96 on a submission: NAPAS did not process it; ask before sending again.
            return inquiry
                ? .ambiguous(reason: "NAPAS unavailable (\(answer.responseCode))")
                : .deferred(reason: "NAPAS unavailable (\(answer.responseCode))", retryAfterSeconds: nil)
        }
    }
}
