import Corridors
import Foundation
import Hummingbird

/// Makes the sandbox act as a foreign partner paying a Cambodian payee: builds the partner's
/// own credit instruction (PromptPay's or Alipay's format), signs it with the corridor's
/// inbound secret, and pushes it to the gateway over libcurl.
///
/// `POST /sandbox/inbound/{corridor}` with `{"reference", "amount", "credit_currency",
/// "payment_type", "payer": {name, account}, "beneficiary": {name, account}, "traceparent"?}` answers with
/// the gateway's status and body; `GET /sandbox/inbound/{corridor}/{reference}` asks the
/// gateway for the status.
struct InboundSender {
    let gatewayURL: String
    let secrets: [String: String]
    /// Alipay's remittances the gateway accepted are booked here, for Alipay's settlement file.
    let ledger: SandboxLedger
    let transport = HTTPTransport()

    struct Party: Decodable {
        let name: String
        let account: String
    }
    struct Order: Decodable {
        let reference: String
        let amount: String
        let credit_currency: String?
        let payment_type: String?
        let payer: Party
        let beneficiary: Party
        /// The KHQR code the foreign wallet scanned, when the credit pays a merchant's charge.
        var khqr: String? = nil
        /// The partner's own W3C trace context, sent as the `traceparent` header.
        var traceparent: String? = nil
    }

    func register(on router: Router<SandboxContext>) {
        router.post("sandbox/inbound/:corridor") { request, context in
            let corridor = try context.parameters.require("corridor")
            let raw = try await request.body.collect(upTo: 1 << 20)
            guard let order = try? JSONDecoder().decode(Order.self, from: Data(raw.readableBytesView)) else {
                return PromptPaySimulator.json(.badRequest, ["error": "malformed order"])
            }
            guard let body = Self.instruction(corridor: corridor, order) else {
                return PromptPaySimulator.json(.badRequest, ["error": "the sandbox sends no inbound credits on \(corridor)"])
            }
            return try await push(
                corridor: corridor, method: "POST", path: "/partners/\(corridor)/inbound", body: body,
                traceparent: order.traceparent)
        }
        router.get("sandbox/inbound/:corridor/:reference") { _, context in
            let corridor = try context.parameters.require("corridor")
            let reference = try context.parameters.require("reference")
            return try await push(corridor: corridor, method: "GET", path: "/partners/\(corridor)/inbound/\(reference)", body: [])
        }
    }

    func push(corridor: String, method: String, path: String, body: [UInt8], traceparent: String? = nil) async throws -> Response {
        guard let secret = secrets[corridor] else {
            return PromptPaySimulator.json(.badRequest, ["error": "no signing secret for \(corridor) in the sandbox's environment"])
        }
        let signed = SandboxSigner(secret: secret).headers(timestamp: Int(Date().timeIntervalSince1970), method: method, path: path, body: body)
        let response = try await transport.send(
            OutboundRequest(
                method: method, url: gatewayURL + path,
                headers: signed + [("Content-Type", "application/json")] + (traceparent.map { [("traceparent", $0)] } ?? []),
                body: method == "POST" ? body : nil, connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 30_000))
        if method == "POST", (200..<300).contains(response.status), let format = SandboxPartners.inboundFormat(for: corridor),
            let answer = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
            let booking = format.booking(answer: answer, instruction: (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:])
        {
            _ = await ledger.book(
                corridor: corridor, instructionID: booking.reference, amount: booking.amount, currency: booking.currency,
                creditorAccount: booking.account, status: "ACSC", reasonCode: nil)
        }
        return Response(
            status: .init(code: response.status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// The partner's own instruction format for `order` (`SandboxInboundFormat`), or nil when
    /// the sandbox plays no partner that sends credits on `corridor`.
    static func instruction(corridor: String, _ order: Order) -> [UInt8]? {
        guard let format = SandboxPartners.inboundFormat(for: corridor) else { return nil }
        return (try? JSONSerialization.data(withJSONObject: format.instruction(order), options: [.sortedKeys])).map(Array.init)
    }
}
