import Foundation
import Hummingbird

/// Simulates NAPAS's transfer API under `/napas/v1`: camelCase JSON, integer minor-unit
/// amounts, ISO 4217 numeric currencies and ISO 8583 response codes.
struct NAPASSimulator {
    let ledger: SandboxLedger
    let slowSeconds: Int

    struct TransferRequest: Decodable {
        let requestId: String
        let amount: Int64
        let currency: String
        let creditorAccount: String
    }

    static let corridor = "KH-VN"

    func register(on router: Router<SandboxContext>) {
        let group = router.group("napas/v1")
        group.post("transfers") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let transfer = try? JSONDecoder().decode(TransferRequest.self, from: Data(body.readableBytesView)) else {
                return PromptPaySimulator.json(.badRequest, ["responseCode": "30", "message": "format error"])
            }
            return try await submit(transfer)
        }
        group.get("transfers/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let transfer = await ledger.find(corridor: Self.corridor, instructionID: id) else {
                return PromptPaySimulator.json(.notFound, ["responseCode": "25", "requestId": id, "message": "unable to locate record"])
            }
            return Self.answer(transfer)
        }
    }

    private func submit(_ request: TransferRequest) async throws -> Response {
        let behaviour = SandboxBehaviour(account: request.creditorAccount)
        if try await behaviour.pauseBeforeBooking(slowSeconds: slowSeconds) {
            return PromptPaySimulator.json(.gatewayTimeout, ["responseCode": "68"])
        }
        let code =
            switch behaviour {
            case .rejectInsufficientFunds: "51"
            case .rejectInvalidAccount: "14"
            case .pending: "09"
            default: "00"
            }
        let (booked, _) = await ledger.book(
            corridor: Self.corridor, instructionID: request.requestId, amount: String(request.amount),
            currency: request.currency, creditorAccount: request.creditorAccount,
            status: code == "00" ? "ACSC" : code == "09" ? "PDNG" : "RJCT", reasonCode: code)
        try await behaviour.pauseAfterBooking()
        return Self.answer(booked)
    }

    static func answer(_ transfer: SandboxTransfer) -> Response {
        let code = transfer.reasonCode ?? "00"
        return PromptPaySimulator.json(
            .ok,
            [
                "requestId": transfer.instructionID, "responseCode": code,
                "napasRef": transfer.transactionID,
            ])
    }
}
