import Foundation
import Hummingbird

/// Simulates PromptPay's transfer API under `/promptpay/v1`: ISO 20022 statuses and
/// reason codes, dedupe on `instruction_id`, and a status inquiry by instruction id.
struct PromptPaySimulator {
    let ledger: SandboxLedger
    let slowSeconds: Int

    struct Party: Decodable { let name: String; let account: String }
    struct TransferRequest: Decodable {
        let instruction_id: String
        let amount: String
        let currency: String
        let creditor: Party
    }
    struct TransferStatus: Encodable {
        let instruction_id: String
        let transaction_id: String
        let status: String
        let reason_code: String?
        let reason: String?
    }

    static let corridor = "KH-TH"

    func register(on router: Router<BasicRequestContext>) {
        let group = router.group("promptpay/v1")
        group.post("transfers") { request, context in
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let transfer = try? JSONDecoder().decode(TransferRequest.self, from: Data(body.readableBytesView)) else {
                return Self.json(.badRequest, ["error": "malformed transfer request"])
            }
            return try await submit(transfer)
        }
        group.get("transfers/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let transfer = await ledger.find(corridor: Self.corridor, instructionID: id) else {
                return Self.json(.notFound, ["status": "NOT_FOUND", "instruction_id": id])
            }
            return Self.status(transfer)
        }
    }

    private func submit(_ request: TransferRequest) async throws -> Response {
        let account = request.creditor.account
        let behaviour = SandboxBehaviour(account: account)
        switch behaviour {
        case .dropWithoutBooking:
            try await SandboxPause.hang()
            return Self.json(.gatewayTimeout, ["error": "dropped"])
        case .settleSlowly:
            try await SandboxPause.seconds(slowSeconds)
        default:
            break
        }
        let (status, reason): (String, String?) = switch behaviour {
        case .rejectInsufficientFunds: ("RJCT", "AM04")
        case .rejectInvalidAccount: ("RJCT", "AC03")
        case .pending: ("PDNG", nil)
        default: ("ACSC", nil)
        }
        let (booked, _) = await ledger.book(corridor: Self.corridor, instructionID: request.instruction_id, amount: request.amount,
                                            currency: request.currency, creditorAccount: account, status: status, reasonCode: reason)
        if behaviour == .bookThenHang {
            try await SandboxPause.hang()
        }
        return Self.status(booked)
    }

    static func status(_ transfer: SandboxTransfer) -> Response {
        let body = TransferStatus(instruction_id: transfer.instructionID, transaction_id: transfer.transactionID,
                                  status: transfer.status, reason_code: transfer.reasonCode,
                                  reason: transfer.reasonCode.map(reasonText))
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(status: transfer.status == "RJCT" ? .unprocessableContent : .ok,
                        headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func reasonText(_ code: String) -> String {
        switch code {
        case "AM04": "Insufficient funds"
        case "AC03": "Invalid creditor account number"
        default: code
        }
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
