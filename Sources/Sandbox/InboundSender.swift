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

    struct Party: Decodable { let name: String; let account: String }
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
            return try await push(corridor: corridor, method: "POST", path: "/partners/\(corridor)/inbound", body: body,
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
        let response = try await transport.send(OutboundRequest(
            method: method, url: gatewayURL + path,
            headers: signed + [("Content-Type", "application/json")] + (traceparent.map { [("traceparent", $0)] } ?? []),
            body: method == "POST" ? body : nil, connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 30_000))
        if corridor == "KH-CN", method == "POST", (200..<300).contains(response.status),
           let answer = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
           let reference = answer["out_trade_no"] as? String, let amount = answer["settle_amount"] as? String,
           let currency = answer["settle_currency"] as? String, answer["code"] as? String == "10000" {
            let payee = ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])?["payee_info"] as? [String: Any]
            _ = await ledger.book(corridor: corridor, instructionID: reference, amount: amount, currency: currency,
                                  creditorAccount: payee?["bakong_account_id"] as? String ?? "", status: "ACSC", reasonCode: nil)
        }
        return Response(status: .init(code: response.status), headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }

    /// The partner's own instruction format for `order`.
    static func instruction(corridor: String, _ order: Order) -> [UInt8]? {
        let object: [String: Any]
        switch corridor {
        case "KH-TH":
            object = ["instruction_id": order.reference, "purpose": order.payment_type ?? "P2P", "amount": order.amount, "currency": "THB",
                      "credit_currency": order.credit_currency ?? "KHR",
                      "debtor": ["name": order.payer.name, "account": order.payer.account],
                      "creditor": ["name": order.beneficiary.name, "account": order.beneficiary.account]]
        case "KH-CN":
            object = ["out_trade_no": order.reference, "biz_type": order.payment_type ?? "P2P", "trans_amount": order.amount,
                      "trans_currency": "CNY", "settle_currency": order.credit_currency ?? "USD",
                      "payer_info": ["name": order.payer.name, "alipay_user_id": order.payer.account],
                      "payee_info": ["name": order.beneficiary.name, "bakong_account_id": order.beneficiary.account]]
        default:
            return nil
        }
        var withCode = object
        if let khqr = order.khqr { withCode[corridor == "KH-CN" ? "qr_code" : "khqr"] = khqr }
        return (try? JSONSerialization.data(withJSONObject: withCode, options: [.sortedKeys])).map(Array.init)
    }
}
