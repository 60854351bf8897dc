import Foundation
import Hummingbird
import KHQR
import MekongCore

/// A Bakong wallet paying KHQR codes, and the Bakong Open API's look-ups by MD5:
/// - `POST /sandbox/khqr/pay` `{"qr_code": …, "payer_account": …}`: a wallet scans and pays a
///   dynamic code (decoded and checked by the real codec); booked once per code. With
///   `"via": "KH-TH"` or `"KH-CN"` and an `amount` in THB or CNY, a Thai or Chinese wallet pays
///   it instead: the sandbox, as PromptPay or Alipay, sends the gateway a signed inbound credit
///   carrying the scanned code, and answers with the gateway's answer;
/// - `POST /bakong/v1/check_transaction_by_md5` `{"md5": …}` and
///   `POST /bakong/v1/check_transaction_by_md5_list` `[md5, …]`: what a merchant's gateway asks.
struct KHQRWallet {
    let ledger: SandboxLedger
    let sender: InboundSender
    static let corridor = "KH-KHQR"

    func register(on router: Router<SandboxContext>) {
        router.post("sandbox/khqr/pay") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            guard let payload = object["qr_code"] as? String else { return PromptPaySimulator.json(.badRequest, ["error": "qr_code is required"]) }
            let code: KHQRCode
            do throws(KHQRError) { code = try KHQRCodec.decode(payload) } catch {
                return PromptPaySimulator.json(.badRequest, ["error": "the wallet cannot read this code: \(error.description)"])
            }
            guard let amount = code.amount else {
                return PromptPaySimulator.json(
                    .badRequest, ["error": "a static code needs the payer to type an amount; the sandbox pays dynamic codes"])
            }
            if let expires = code.expiresAtMilliseconds, expires < Int64(Date().timeIntervalSince1970 * 1000) - 86_400_000 {
                return PromptPaySimulator.json(.badRequest, ["error": "the code expired"])
            }
            let md5 = KHQRCodec.md5(payload)
            if let via = object["via"] as? String {
                guard let partnerAmount = object["amount"] as? String else {
                    return PromptPaySimulator.json(.badRequest, ["error": "amount (in the partner's currency) is required with via"])
                }
                let order = InboundSender.Order(
                    reference: "QR\(md5.prefix(12))\(Int.random(in: 1000...9999))", amount: partnerAmount, credit_currency: amount.currency.code,
                    payment_type: "P2P", payer: .init(name: "Foreign Wallet", account: object["payer_account"] as? String ?? "0812345678"),
                    beneficiary: .init(name: code.merchantName, account: code.bakongAccountID), khqr: payload)
                guard let body = InboundSender.instruction(corridor: via, order) else {
                    return PromptPaySimulator.json(.badRequest, ["error": "the sandbox pays codes via KH-TH or KH-CN"])
                }
                return try await sender.push(corridor: via, method: "POST", path: "/partners/\(via)/inbound", body: body)
            }
            let payer = object["payer_account"] as? String ?? "sandbox_payer@devb"
            let (booked, isNew) = await ledger.book(
                corridor: Self.corridor, instructionID: md5, amount: amount.decimalString,
                currency: amount.currency.code, creditorAccount: code.bakongAccountID,
                status: "ACSC", reasonCode: payer)
            guard isNew else { return PromptPaySimulator.json(.conflict, ["error": "this code is already paid", "hash": booked.transactionID]) }
            return PromptPaySimulator.json(.ok, ["md5": md5, "hash": booked.transactionID, "amount": booked.amount, "currency": booked.currency])
        }
        router.post("bakong/v1/check_transaction_by_md5") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 16)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
            guard let md5 = object["md5"] as? String else {
                return Self.json(["responseCode": 1, "responseMessage": "md5 is required", "errorCode": 2000])
            }
            guard let paid = await ledger.find(corridor: Self.corridor, instructionID: md5) else {
                return Self.json([
                    "responseCode": 1, "responseMessage": "Transaction could not be found. Please check and try again.", "errorCode": 1,
                ])
            }
            return Self.json([
                "responseCode": 0, "responseMessage": "Getting transaction successfully.", "errorCode": NSNull(), "data": Self.data(paid),
            ])
        }
        router.post("bakong/v1/check_transaction_by_md5_list") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            guard let list = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String], list.count <= 50 else {
                return Self.json(["responseCode": 1, "responseMessage": "a JSON list of at most 50 md5 hashes is required", "errorCode": 2000])
            }
            var results: [[String: Any]] = []
            for md5 in list {
                if let paid = await ledger.find(corridor: Self.corridor, instructionID: md5) {
                    results.append(["md5": md5, "status": "SUCCESS", "message": "Transaction found", "data": Self.data(paid)])
                } else {
                    results.append(["md5": md5, "status": "NOT_FOUND", "message": "Transaction could not be found", "data": NSNull()])
                }
            }
            return Self.json(["responseCode": 0, "responseMessage": "Getting transactions successfully.", "errorCode": NSNull(), "data": results])
        }
    }

    static func data(_ paid: SandboxTransfer) -> [String: Any] {
        [
            "hash": paid.transactionID, "fromAccountId": paid.reasonCode ?? "", "toAccountId": paid.creditorAccount,
            "currency": paid.currency, "amount": paid.amount, "createdDateMs": Int64(paid.receivedAt.timeIntervalSince1970 * 1000),
        ]
    }

    static func json(_ object: [String: Any]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
