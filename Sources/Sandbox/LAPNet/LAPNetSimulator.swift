import Foundation
import Hummingbird

/// LAPNet (Bank of the Lao PDR) under `/lapnet/v1`. KH-LA is planned: unless the sandbox runs
/// the pilot (`MEKONG_CORRIDOR_PILOTS` names KH-LA), every transfer and inquiry is refused
/// with 503, so that even a misconfigured gateway cannot move money on KH-LA. In the pilot it
/// takes transfers in snake_case JSON with amounts in kip as decimal strings, and answers
/// COMPLETED, PROCESSING, or REJECTED with a reason.
struct LAPNetSimulator {
    let ledger: SandboxLedger
    let slowSeconds: Int
    let pilot: Bool

    static let corridor = "KH-LA"

    struct Party: Decodable { let account: String }
    struct TransferRequest: Decodable {
        let transaction_id: String
        let amount: String
        let currency: String
        let receiver: Party
    }

    func register(on router: Router<SandboxContext>) {
        let group = router.group("lapnet/v1")
        let pilot = pilot
        group.get("status") { _, _ in
            PromptPaySimulator.json(.ok, ["corridor": Self.corridor, "status": pilot ? "pilot" : "planned", "live": "false"])
        }
        group.post("transfers") { request, _ in
            guard pilot else { return Self.notLive() }
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let transfer = try? JSONDecoder().decode(TransferRequest.self, from: Data(body.readableBytesView)) else {
                return PromptPaySimulator.json(.badRequest, ["status": "REJECTED", "reason": "FORMAT_ERROR"])
            }
            return try await submit(transfer)
        }
        group.get("transfers/:id") { _, context in
            guard pilot else { return Self.notLive() }
            let id = try context.parameters.require("id")
            guard let transfer = await ledger.find(corridor: Self.corridor, instructionID: id) else {
                return PromptPaySimulator.json(.notFound, ["transaction_id": id, "status": "NOT_FOUND"])
            }
            return Self.answer(transfer)
        }
    }

    private func submit(_ request: TransferRequest) async throws -> Response {
        let behaviour = SandboxBehaviour(account: request.receiver.account)
        if try await behaviour.pauseBeforeBooking(slowSeconds: slowSeconds) {
            return PromptPaySimulator.json(.gatewayTimeout, ["status": "PROCESSING"])
        }
        let (status, reason): (String, String?) =
            switch behaviour {
            case .rejectInsufficientFunds: ("RJCT", "INSUFFICIENT_FUNDS")
            case .rejectInvalidAccount: ("RJCT", "INVALID_ACCOUNT")
            case .pending: ("PDNG", nil)
            default: ("ACSC", nil)
            }
        let (booked, _) = await ledger.book(
            corridor: Self.corridor, instructionID: request.transaction_id, amount: request.amount,
            currency: request.currency, creditorAccount: request.receiver.account, status: status, reasonCode: reason)
        try await behaviour.pauseAfterBooking()
        return Self.answer(booked)
    }

    static func answer(_ transfer: SandboxTransfer) -> Response {
        let status =
            switch transfer.status {
            case "ACSC": "COMPLETED"
            case "RJCT": "REJECTED"
            default: "PROCESSING"
            }
        var body = ["transaction_id": transfer.instructionID, "status": status, "lapnet_ref": transfer.transactionID]
        if let reason = transfer.reasonCode { body["reason"] = reason }
        return PromptPaySimulator.json(.ok, body)
    }

    static func notLive() -> Response {
        PromptPaySimulator.json(.serviceUnavailable, ["error": "not_live", "message": "LAPNet's corridor with Bakong is planned and not live"])
    }
}
