import Foundation
import Hummingbird
import KHQR
import MekongCore
import Store

/// The KHQR charges API, compatible with the reference KHQR gateway (same paths, fields,
/// statuses and Bearer auth): `POST/GET /api/v1/charges`, `GET /api/v1/charges/{id}`,
/// `POST /api/v1/charges/{id}/check`, and the code's image at `GET /api/v1/qr/{id}.svg|.png`
/// (public, so that an `<img src>` can show it; a charge id is unguessable).
/// `amount` is a JSON number read from its text, never through floating point.
struct ChargeController {
    let desk: ChargeTracker
    let charges: ChargeRepository
    let clock: any WallClock
    let publicBaseURL: String?

    func register(api: RouterGroup<GatewayContext>, router: Router<GatewayContext>) {
        api.post("charges") { request, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            guard let merchant = try await charges.merchant(clientID: caller.accountID) else {
                throw APIError(.routeNotOffered, "this key's client is not a KHQR merchant: register with POST /api/v1/merchant/register")
            }
            let body = try await ChargeRequestBody.read(request, context: context, allowed: ["amount", "currency", "description", "metadata"])
            let currencyCode = try ChargeRequestBody.string(body, "currency", maximum: 3) ?? "USD"
            guard let currency = [Currency.USD, .KHR].first(where: { $0.code == currencyCode.uppercased() }) else {
                throw APIError(.invalidRequest, "field 'currency' must be USD or KHR")
            }
            let amount = try Self.amount(body["amount"], currency: currency)
            let description = try ChargeRequestBody.string(body, "description", .note(500))
            let metadata: String
            switch body["metadata"] {
            case nil, .null?: metadata = "{}"
            case .object(let members)? where members.count <= 50:
                try ChargeRequestBody.checkStrings(in: .object(members), field: "metadata")
                metadata = ExactJSON.object(members).serialized
            case .string(let text)?:
                // A form-encoded body (the reference integration's) carries metadata as text.
                _ = try ChargeRequestBody.string(body, "metadata", .note(500))
                metadata = ExactJSON.string(text).serialized
            default: throw APIError(.invalidRequest, "field 'metadata' must be an object of at most 50 keys")
            }
            guard metadata.utf8.count <= 8192 else { throw APIError(.invalidRequest, "field 'metadata' is larger than 8 KiB") }
            let charge = try await desk.create(
                for: merchant, partition: caller.clientID, amount: amount, description: description, metadata: metadata)
            return Self.json(.ok, view(charge, request: request))
        }
        api.get("charges") { request, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            let query = request.uri.queryParameters
            var status: ChargeRecord.Status?
            if let text = query.get("status") {
                guard let parsed = ChargeRecord.Status(rawValue: text) else {
                    throw APIError(.invalidRequest, "query 'status' must be pending, paid, expired or failed")
                }
                status = parsed
            }
            let limit = try QueryNumber.bounded(query.get("limit"), name: "limit", default: 20, range: 1...100)
            let offset = try QueryNumber.bounded(query.get("offset"), name: "offset", default: 0, range: 0...10_000_000)
            let (list, total) = try await charges.list(clientID: caller.clientID, status: status, limit: limit, offset: offset)
            return Self.json(
                .ok,
                .object([
                    .init(key: "data", value: .array(list.map { view($0, request: request) })), .init(key: "total", value: .number(String(total))),
                    .init(key: "limit", value: .number(String(limit))), .init(key: "offset", value: .number(String(offset))),
                ]))
        }
        api.get("charges/:id") { request, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            return Self.json(.ok, view(try await find(context, caller), request: request))
        }
        api.post("charges/:id/check") { _, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            var charge = try await find(context, caller)
            if charge.status == .pending {
                do { _ = try await desk.check([charge]) } catch {
                    throw APIError(.systemMaintenance, "Bakong did not answer the check; try again shortly (\(error))")
                }
                charge = try await find(context, caller)
            }
            let message =
                switch charge.status {
                case .paid: "Payment confirmed by Bakong"
                case .pending: "No payment yet"
                case .expired: "The charge expired without payment"
                case .failed: "The payment failed: \(charge.failedReason ?? "no reason given")"
                }
            return Self.json(
                .ok,
                .object([
                    .init(key: "id", value: .string(charge.id)), .init(key: "status", value: .string(charge.status.rawValue)),
                    .init(key: "checked_at", value: .string(RFC3339.string(from: clock.now()))), .init(key: "message", value: .string(message)),
                ]))
        }
        router.get("api/v1/qr/:image") { _, context in
            let name = try context.parameters.requireDecoded("image")
            let isPNG = name.hasSuffix(".png")
            guard isPNG || name.hasSuffix(".svg") else { throw APIError(.notFound, "images are /api/v1/qr/{charge}.png or .svg") }
            let id = String(name.dropLast(4))
            guard let charge = try await charges.find(id: id, clientID: nil) else { throw APIError(.notFound, "charge '\(id)' does not exist") }
            let image = try QRImage(text: charge.qrCode)
            let bytes = isPNG ? try image.png() : Array(image.svg.utf8)
            return Response(
                status: .ok, headers: [.contentType: isPNG ? "image/png" : "image/svg+xml", .cacheControl: "private, max-age=900"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    private func find(_ context: GatewayContext, _ caller: Caller) async throws -> ChargeRecord {
        let id = try context.parameters.requireDecoded("id")
        guard let charge = try await charges.find(id: id, clientID: caller.clientID) else { throw APIError(.notFound, "charge '\(id)' not found") }
        return charge
    }

    /// A JSON number or decimal string, exactly, with no more decimals than the currency allows
    /// (KHR in whole riel, as KHQR carries it), and more than zero.
    static func amount(_ value: ExactJSON?, currency: Currency) throws -> Money {
        let text: String
        switch value {
        case .number(let literal)?: text = literal
        case .string(let literal)?: text = literal
        case nil, .null?: throw APIError(.invalidRequest, "field 'amount' is required")
        default: throw APIError(.invalidRequest, "field 'amount' must be a number such as 10.00")
        }
        guard !text.contains("e"), !text.contains("E") else { throw APIError(.invalidRequest, "field 'amount' must be written without an exponent") }
        let money: Money
        do { money = try Money(parsing: text, currency: currency) } catch {
            throw APIError(.invalidRequest, "field 'amount': \(error)")
        }
        guard money.minorUnits > 0 else {
            throw APIError(.invalidRequest, "field 'amount' must be at least \(currency == .KHR ? "1 KHR" : "0.01 USD")")
        }
        if currency == .KHR, money.minorUnits % 100 != 0 { throw APIError(.invalidRequest, "field 'amount': KHQR carries whole riel") }
        return money
    }

    func view(_ c: ChargeRecord, request: Request) -> ExactJSON {
        let base = publicBaseURL ?? "http://" + (request.head.authority ?? "127.0.0.1:8080")
        let metadata = (try? ExactJSON.parse(Array(c.metadata.utf8))) ?? .object([])
        var members: [ExactJSON.Member] = [
            .init(key: "id", value: .string(c.id)),
            .init(key: "amount", value: ExactJSON.decimal(c.amount.decimalString)),
            .init(key: "currency", value: .string(c.amount.currency.code)),
            .init(key: "livemode", value: .bool(ClientPartition.isLive(c.clientID))),
            .init(key: "description", value: c.description.map { .string($0) } ?? .null),
            .init(key: "status", value: .string(c.status.rawValue)),
            .init(key: "qr_code", value: .string(c.qrCode)),
            .init(key: "qr_image", value: .string("\(base)/api/v1/qr/\(c.id).png")),
            .init(key: "deep_link", value: .string("https://bakong.nbc.gov.kh/r?id=\(c.md5Hash)")),
            .init(key: "md5_hash", value: .string(c.md5Hash)),
            .init(key: "bill_number", value: .string(c.billNumber)),
            .init(key: "metadata", value: metadata),
        ]
        if let paidAt = c.paidAt { members.append(.init(key: "paid_at", value: .string(RFC3339.string(from: paidAt)))) }
        if let reason = c.failedReason { members.append(.init(key: "failure_reason", value: .string(reason))) }
        if let payer = c.payerAccount { members.append(.init(key: "payer_account", value: .string(payer))) }
        members.append(.init(key: "created_at", value: .string(RFC3339.string(from: c.createdAt))))
        members.append(.init(key: "expires_at", value: .string(RFC3339.string(from: c.expiresAt))))
        return .object(members)
    }

    static func json(_ status: HTTPResponse.Status, _ value: ExactJSON) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.serialized)))
    }
}
