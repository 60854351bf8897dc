import Foundation
import MekongCore

/// The Bakong Open API's envelope (`responseCode` 0 for success, 1 for failure, with a
/// Bakong `errorCode`) and its mapping onto Mekong's outcomes.
public enum BakongWire {
    struct CreditRequest: Encodable {
        let externalRef: String
        let toAccountId: String
        let receiverName: String
        let amount: String
        let currency: String
        let senderName: String
        let purpose: String

        init(_ instruction: TransferInstruction) {
            externalRef = instruction.reference
            toAccountId = instruction.beneficiaryAccount
            receiverName = instruction.beneficiaryName
            amount = instruction.destinationAmount.decimalString
            currency = instruction.destinationAmount.currency.code
            senderName = instruction.payerName
            purpose = instruction.paymentType.rawValue
        }
    }

    struct Envelope: Decodable {
        struct Payload: Decodable {
            let hash: String?
            let status: String?
        }
        let responseCode: Int
        let responseMessage: String?
        let errorCode: Int?
        let data: Payload?
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func outcome(of response: OutboundResponse) -> PartnerOutcome {
        if response.status == 404 { return .notFound }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(response.body)) else {
            if response.status == 429 || response.status == 503 {
                return .deferred(reason: "Bakong answered \(response.status)", retryAfterSeconds: response.header("retry-after").flatMap(Int.init))
            }
            return .ambiguous(reason: "Bakong answered HTTP \(response.status) with an unreadable body")
        }
        if envelope.responseCode == 0 {
            return envelope.data?.status == "PENDING" ? .pending : .settled(partnerReference: envelope.data?.hash ?? "")
        }
        let code = envelope.errorCode.flatMap(ErrorCode.number) ?? .corridorUnavailable
        if code == .systemMaintenance { return .deferred(reason: "Bakong maintenance", retryAfterSeconds: nil) }
        return .rejected(code, message: "Bakong refused the credit: \(envelope.responseMessage ?? "error \(code.number)")")
    }
}
