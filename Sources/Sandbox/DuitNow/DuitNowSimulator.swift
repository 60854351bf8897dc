import Foundation
import Hummingbird

/// Simulates DuitNow's batch API under `/duitnow/v1`: one batch per cycle, deduplicated on
/// `BatchId` (a re-submitted batch answers with the first result) and per item on
/// `EndToEndId`, with a per-transfer inquiry.
struct DuitNowSimulator {
    let ledger: SandboxLedger
    let batches: SandboxBatches

    struct Party: Decodable { let AcctId: String }
    struct Item: Decodable {
        let EndToEndId: String
        let InstdAmt: String
        let Ccy: String
        let Cdtr: Party
    }
    struct Batch: Decodable {
        let BatchId: String
        let Items: [Item]
    }

    static let corridor = "KH-MY"

    func register(on router: Router<SandboxContext>) {
        let group = router.group("duitnow/v1")
        group.post("batches") { request, _ in
            let body = try await request.body.collect(upTo: 16 << 20)
            guard let batch = try? JSONDecoder().decode(Batch.self, from: Data(body.readableBytesView)) else {
                return PromptPaySimulator.json(.badRequest, ["error": "malformed batch"])
            }
            if let earlier = await batches.answer(for: batch.BatchId) { return Self.json(["BatchId": batch.BatchId, "Items": earlier]) }
            var items: [[String: String]] = []
            for item in batch.Items {
                let status: String
                let reason: String?
                switch SandboxBehaviour(account: item.Cdtr.AcctId) {
                case .rejectInsufficientFunds: (status, reason) = ("RJCT", "AM04")
                case .rejectInvalidAccount: (status, reason) = ("RJCT", "AC03")
                case .pending: (status, reason) = ("PDNG", nil)
                default: (status, reason) = ("ACSC", nil)
                }
                let (booked, _) = await ledger.book(
                    corridor: Self.corridor, instructionID: item.EndToEndId, amount: item.InstdAmt,
                    currency: item.Ccy, creditorAccount: item.Cdtr.AcctId, status: status, reasonCode: reason)
                items.append(Self.item(booked))
            }
            await batches.record(batch.BatchId, items: items)
            return Self.json(["BatchId": batch.BatchId, "Items": items])
        }
        group.get("transfers/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let transfer = await ledger.find(corridor: Self.corridor, instructionID: id) else {
                return PromptPaySimulator.json(.notFound, ["EndToEndId": id, "TxSts": "NOT_FOUND"])
            }
            return Self.json(Self.item(transfer))
        }
        group.get("batches") { _, _ in
            let data = try JSONEncoder().encode(["Batches": await batches.all()])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    static func item(_ transfer: SandboxTransfer) -> [String: String] {
        var item = ["EndToEndId": transfer.instructionID, "TxSts": transfer.status, "TxId": transfer.transactionID]
        if let reason = transfer.reasonCode { item["StsRsnCd"] = reason }
        return item
    }

    static func json(_ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
