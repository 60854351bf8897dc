import Foundation
import MekongCore

/// DuitNow's batch wire format (PascalCase, after ISO 20022 pacs.008 element names) and its
/// mapping onto Mekong's outcomes. Item statuses are ISO 20022 (`ACSC`, `RJCT`, `PDNG`) with
/// external reason codes, mapped by the same table as PromptPay's.
public enum DuitNowWire {
    struct Party: Codable {
        let Nm: String
        let AcctId: String
    }
    struct Item: Encodable {
        let EndToEndId: String
        let InstdAmt: String
        let Ccy: String
        let Dbtr: Party
        let Cdtr: Party
        let Purp: String
    }
    struct BatchRequest: Encodable {
        let BatchId: String
        let CycleStart: String
        let NbOfTxs: Int
        let CtrlSum: String
        let Items: [Item]

        init(batchID: String, cycle: SettlementCycle, _ instructions: [TransferInstruction]) {
            BatchId = batchID
            CycleStart = RFC3339.string(from: cycle.startsAt)
            NbOfTxs = instructions.count
            let currency = instructions.first?.destinationAmount.currency ?? .MYR
            CtrlSum = Money(minorUnits: instructions.reduce(0) { $0 + $1.destinationAmount.minorUnits }, currency: currency).decimalString
            Items = instructions.map {
                Item(
                    EndToEndId: $0.reference, InstdAmt: $0.destinationAmount.decimalString, Ccy: $0.destinationAmount.currency.code,
                    Dbtr: Party(Nm: $0.payerName, AcctId: $0.payerAccount), Cdtr: Party(Nm: $0.beneficiaryName, AcctId: $0.beneficiaryAccount),
                    Purp: $0.paymentType.rawValue)
            }
        }
    }
    struct ItemStatus: Decodable {
        let EndToEndId: String
        let TxSts: String
        let StsRsnCd: String?
        let TxId: String?
    }
    struct BatchAnswer: Decodable {
        let BatchId: String
        let Items: [ItemStatus]
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func outcome(of item: ItemStatus) -> PartnerOutcome {
        switch item.TxSts {
        case "ACSC": .settled(partnerReference: item.TxId ?? "")
        case "PDNG", "ACSP": .pending
        case "RJCT":
            .rejected(
                PromptPayWire.errorCode(forReason: item.StsRsnCd ?? ""),
                message: "DuitNow rejected the transfer: \(item.StsRsnCd ?? "no reason code")")
        default: .ambiguous(reason: "DuitNow answered an unknown status '\(item.TxSts)'")
        }
    }

    static func batchOutcome(of response: OutboundResponse) -> BatchOutcome {
        guard response.status == 200, let answer = try? JSONDecoder().decode(BatchAnswer.self, from: Data(response.body)) else {
            return .ambiguous(reason: "DuitNow answered HTTP \(response.status)")
        }
        return .processed(Dictionary(answer.Items.map { ($0.EndToEndId, outcome(of: $0)) }, uniquingKeysWith: { $1 }))
    }

    static func itemOutcome(of response: OutboundResponse) -> PartnerOutcome {
        if response.status == 404 { return .notFound }
        guard response.status == 200, let item = try? JSONDecoder().decode(ItemStatus.self, from: Data(response.body)) else {
            return .ambiguous(reason: "DuitNow answered HTTP \(response.status)")
        }
        return outcome(of: item)
    }
}
