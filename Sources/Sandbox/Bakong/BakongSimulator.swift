import Foundation
import Hummingbird

/// Simulates a participating bank's Bakong Open API under `/bakong/v1`: credits to Cambodian
/// payees (the domestic leg of inbound payments), deduplicated on `externalRef`, answered in
/// Bakong's envelope (`responseCode` 0 or 1 with an `errorCode`).
struct BakongSimulator {
    let ledger: SandboxLedger
    let slowSeconds: Int

    struct Credit: Decodable {
        let externalRef: String
        let toAccountId: String
        let amount: String
        let currency: String
    }

    static let corridor = "KH-BAKONG"

    func register(on router: Router<SandboxContext>) {
        let group = router.group("bakong/v1")
        group.post("credits") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let credit = try? JSONDecoder().decode(Credit.self, from: Data(body.readableBytesView)) else {
                return Self.envelope(code: 1, message: "Invalid request", errorCode: 2000, hash: nil, status: nil)
            }
            let behaviour = SandboxBehaviour(account: credit.toAccountId)
            if try await behaviour.pauseBeforeBooking(slowSeconds: slowSeconds) {
                return PromptPaySimulator.json(.gatewayTimeout, ["error": "dropped"])
            }
            let (status, errorCode): (String, String?) =
                switch behaviour {
                case .rejectInsufficientFunds: ("RJCT", "2001")
                case .rejectInvalidAccount: ("RJCT", "2003")
                case .pending: ("PDNG", nil)
                default: ("ACSC", nil)
                }
            let (booked, _) = await ledger.book(
                corridor: Self.corridor, instructionID: credit.externalRef, amount: credit.amount,
                currency: credit.currency, creditorAccount: credit.toAccountId, status: status, reasonCode: errorCode)
            try await behaviour.pauseAfterBooking()
            return Self.answer(booked)
        }
        group.get("credits/:reference") { _, context in
            let reference = try context.parameters.require("reference")
            guard let booked = await ledger.find(corridor: Self.corridor, instructionID: reference) else {
                return PromptPaySimulator.json(.notFound, ["responseCode": "1", "responseMessage": "Not found"])
            }
            return Self.answer(booked)
        }
    }

    static func answer(_ transfer: SandboxTransfer) -> Response {
        switch transfer.status {
        case "ACSC": envelope(code: 0, message: "Success", errorCode: nil, hash: transfer.transactionID, status: "SUCCESS")
        case "PDNG": envelope(code: 0, message: "Pending", errorCode: nil, hash: transfer.transactionID, status: "PENDING")
        default:
            envelope(
                code: 1, message: transfer.reasonCode == "2003" ? "Account not found" : "Insufficient funds",
                errorCode: Int(transfer.reasonCode ?? "") ?? 5001, hash: nil, status: nil)
        }
    }

    static func envelope(code: Int, message: String, errorCode: Int?, hash: String?, status: String?) -> Response {
        var object: [String: Any] = ["responseCode": code, "responseMessage": message, "errorCode": errorCode as Any? ?? NSNull()]
        if let hash { object["data"] = ["hash": hash, "status": status ?? "SUCCESS"] }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
