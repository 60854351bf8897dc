import Foundation
import Hummingbird

/// Simulates PromptPay's transfer API under `/promptpay/v1`: ISO 20022 statuses and
/// reason codes, dedupe on `instruction_id`, and a status inquiry by instruction id.
struct PromptPaySimulator {
    let ledger: SandboxLedger
    let slowSeconds: Int
    let tokens: SandboxTokens

    struct Party: Decodable {
        let name: String
        let account: String
    }
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
    static let returns = "KH-TH-RETURN"

    struct ReturnRequest: Decodable {
        let return_id: String
        let original_instruction_id: String
        let amount: String
        let currency: String
    }

    func register(on router: Router<SandboxContext>) {
        router.post("promptpay/oauth/token") { request, _ in
            guard let token = await tokens.issue(basicAuthorization: request.headers[.authorization]) else {
                return Self.json(.unauthorized, ["error": "invalid_client"])
            }
            let data = try JSONSerialization.data(
                withJSONObject: [
                    "access_token": token, "token_type": "Bearer",
                    "expires_in": Int(tokens.lifetime),
                ], options: [.sortedKeys])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.post("sandbox/promptpay/expire-tokens") { _, _ in
            await tokens.expireAll()
            return Self.json(.ok, ["status": "expired"])
        }
        router.get("sandbox/promptpay/tokens") { _, _ in
            Self.json(.ok, ["issued": "\(await tokens.issued)"])
        }
        let group = router.group("promptpay/v1")
        group.post("transfers") { request, context in
            if let refusal = await tokenRefusal(request) { return refusal }
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let transfer = try? JSONDecoder().decode(TransferRequest.self, from: Data(body.readableBytesView)) else {
                return Self.json(.badRequest, ["error": "malformed transfer request"])
            }
            return try await submit(transfer)
        }
        group.post("returns") { request, _ in
            if let refusal = await tokenRefusal(request) { return refusal }
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let order = try? JSONDecoder().decode(ReturnRequest.self, from: Data(body.readableBytesView)) else {
                return Self.json(.badRequest, ["error": "malformed return request"])
            }
            if let earlier = await ledger.find(corridor: Self.returns, instructionID: order.return_id) { return Self.status(earlier) }
            // PromptPay's own rule: returns never exceed the settled original.
            let original = await ledger.find(corridor: Self.corridor, instructionID: order.original_instruction_id)
            let returned = await ledger.all().filter {
                $0.corridor == Self.returns && $0.creditorAccount == order.original_instruction_id && $0.status == "ACSC"
            }
            let alreadyMinor = returned.compactMap { Self.minor($0.amount) }.reduce(0, +)
            let ok =
                original?.status == "ACSC" && (Self.minor(order.amount) ?? .max) + alreadyMinor <= (original.flatMap { Self.minor($0.amount) } ?? 0)
            let (booked, _) = await ledger.book(
                corridor: Self.returns, instructionID: order.return_id, amount: order.amount,
                currency: order.currency, creditorAccount: order.original_instruction_id,
                status: ok ? "ACSC" : "RJCT", reasonCode: ok ? nil : (original == nil ? "AC03" : "AM02"))
            return Self.status(booked)
        }
        group.get("returns/:id") { request, context in
            if let refusal = await tokenRefusal(request) { return refusal }
            let id = try context.parameters.require("id")
            guard let booked = await ledger.find(corridor: Self.returns, instructionID: id) else {
                return Self.json(.notFound, ["status": "NOT_FOUND", "instruction_id": id])
            }
            return Self.status(booked)
        }
        group.get("transfers/:id") { request, context in
            if let refusal = await tokenRefusal(request) { return refusal }
            let id = try context.parameters.require("id")
            guard let transfer = await ledger.find(corridor: Self.corridor, instructionID: id) else {
                return Self.json(.notFound, ["status": "NOT_FOUND", "instruction_id": id])
            }
            return Self.status(transfer)
        }
    }

    /// 401 `invalid_token` unless the request carries a valid bearer token.
    private func tokenRefusal(_ request: Request) async -> Response? {
        await tokens.isValid(bearer: request.headers[.authorization]) ? nil : Self.json(.unauthorized, ["error": "invalid_token"])
    }

    private func submit(_ request: TransferRequest) async throws -> Response {
        let account = request.creditor.account
        let behaviour = SandboxBehaviour(account: account)
        if try await behaviour.pauseBeforeBooking(slowSeconds: slowSeconds) {
            return Self.json(.gatewayTimeout, ["error": "dropped"])
        }
        switch behaviour {
        case .refuseCredentials:
            return Self.json(.unauthorized, ["error": "invalid_client"])
        case .expireTokenOnce where await tokens.firstTime("token:" + request.instruction_id):
            await tokens.expireAll()
            return Self.json(.unauthorized, ["error": "invalid_token"])
        case .throttleOnce where await tokens.firstTime("throttle:" + request.instruction_id):
            return Response(
                status: .tooManyRequests, headers: [.contentType: "application/json", .retryAfter: "2"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":"rate_limited"}"#)))
        default:
            break
        }
        let (status, reason): (String, String?) =
            switch behaviour {
            case .rejectInsufficientFunds: ("RJCT", "AM04")
            case .rejectInvalidAccount: ("RJCT", "AC03")
            case .rejectPartnerLimit: ("RJCT", "AM02")
            case .rejectDuplicate: ("RJCT", "AM05")
            case .rejectNoFXRate: ("RJCT", "FX01")
            case .rejectCorridorDown: ("RJCT", "NOAS")
            case .pending: ("PDNG", nil)
            default: ("ACSC", nil)
            }
        let (booked, _) = await ledger.book(
            corridor: Self.corridor, instructionID: request.instruction_id, amount: request.amount,
            currency: request.currency, creditorAccount: account, status: status, reasonCode: reason)
        try await behaviour.pauseAfterBooking()
        return Self.status(booked)
    }

    static func status(_ transfer: SandboxTransfer) -> Response {
        let body = TransferStatus(
            instruction_id: transfer.instructionID, transaction_id: transfer.transactionID,
            status: transfer.status, reason_code: transfer.reasonCode,
            reason: transfer.reasonCode.map(reasonText))
        let data = (try? JSONEncoder().encode(body)) ?? Data()
        return Response(
            status: transfer.status == "RJCT" ? .unprocessableContent : .ok,
            headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func reasonText(_ code: String) -> String {
        switch code {
        case "AM04": "Insufficient funds"
        case "AC03": "Invalid creditor account number"
        case "AM02": "Amount exceeds the allowed maximum"
        case "AM05": "Duplication"
        case "FX01": "No exchange rate available"
        case "NOAS": "No answer from the receiving system"
        default: code
        }
    }

    /// "1234.56" → 123456 (two decimal places, as PromptPay's THB amounts have).
    static func minor(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0]) else { return nil }
        let fraction = parts.count > 1 ? Int64(String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        return whole * 100 + fraction
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: String]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
