import Foundation
import Gateway
import KHQR
import MekongCore
import Testing

/// The KHQR charges API as the reference gateway's integrations use it: register, set the
/// webhook, create a charge, show its QR (read back by zbarimg), have a wallet pay it, get
/// `charge.paid` signed with `X-KHQR-Signature`; an unpaid charge expires.
@Suite("KHQR charges: the reference gateway's API, a real QR image, a wallet payment and the signed events")
struct KHQRChargeTests {
    struct Merchant {
        let client: TestClient
        let secret: String
        let receiver: String
    }

    func merchant(_ stack: MekongStack, format: String = "standard") async throws -> Merchant {
        let email = "shop-\(UUID().uuidString.prefix(8))@example.com"
        let registered = try await stack.anonymous.post("/api/v1/merchant/register", #"{"email":"\#(email)","name":"Riverside Coffee"}"#)
        #expect(registered.status == 200, "\(registered.text)")
        let key = try #require(registered.json["api_key"] as? String)
        #expect((registered.json["id"] as? String)?.hasPrefix("cli_") == true)
        let client = TestClient(baseURL: stack.gatewayURL, key: key)
        // A merchant key reaches the KHQR API only: cross-border routes refuse it.
        let quote = try await client.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(quote.status == 403 && quote.errorCode == 1003, "\(quote.status) \(quote.text)")
        let receiver = "khqr-\(UUID().uuidString.prefix(8))"
        let hook = try await client.post("/api/v1/merchant/webhook", #"{"url":"\#(stack.receiverURL(receiver))","format":"\#(format)"}"#)
        #expect(hook.status == 200, "\(hook.text)")
        return Merchant(client: client, secret: try #require(hook.json["webhook_secret"] as? String), receiver: receiver)
    }

    @Test(
        "create a charge, read its PNG with zbarimg, pay it from the sandbox wallet: paid, and charge.paid delivered and verifiable as the seed's examples verify it"
    )
    func payCharge() async throws {
        let stack = try await MekongStack.shared()
        let shop = try await merchant(stack)
        let created = try await shop.client.post(
            "/api/v1/charges",
            """
            {"amount": 10.00, "currency": "USD", "description": "Order #1234", "metadata": {"order_id": "1234", "customer_email": "test@example.com"}}
            """)
        #expect(created.status == 200, "\(created.text)")
        let charge = created.json
        let id = try #require(charge["id"] as? String)
        let qr = try #require(charge["qr_code"] as? String)
        #expect(id.hasPrefix("chg_") && charge["status"] as? String == "pending" && (charge["amount"] as? NSNumber)?.intValue == 10)
        #expect(created.text.contains(#""amount":10,"#), "the amount is a JSON number")
        #expect((charge["metadata"] as? [String: String])?["order_id"] == "1234")
        #expect(charge["md5_hash"] as? String == KHQRCodec.md5(qr))
        #expect((charge["bill_number"] as? String)?.hasPrefix("BILL-") == true && (charge["deep_link"] as? String)?.hasPrefix("https://") == true)
        let code = try KHQRCodec.decode(qr, strict: true)
        let ten = try Money(parsing: "10.00", currency: .USD)
        #expect(code.amount == ten && code.isDynamic && code.billNumber == charge["bill_number"] as? String)
        let created_at = try #require(RFC3339.date(from: charge["created_at"] as? String ?? ""))
        let expires_at = try #require(RFC3339.date(from: charge["expires_at"] as? String ?? ""))
        #expect(Int(expires_at.timeIntervalSince(created_at)) == 300, "the stack's charge_ttl_seconds")

        // The image, fetched without a key as an <img> would, read back by a real decoder.
        let imageURL = try #require(charge["qr_image"] as? String)
        #expect(imageURL.hasSuffix("/api/v1/qr/\(id).png"))
        let png = try await stack.anonymous.get(String(imageURL.dropFirst(stack.gatewayURL.count)))
        #expect(png.status == 200 && png.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "image/png" })
        let file = stack.workDirectory + "/\(id).png"
        try Data(png.body).write(to: URL(fileURLWithPath: file))
        let read = try await TestProcess.run("/usr/bin/zbarimg", ["-q", "--raw", file], environment: ProcessInfo.processInfo.environment)
        // zbarimg may also print D-Bus noise; the decoded text is its last line.
        let decoded = read.output.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces)
        #expect(read.status == 0 && decoded == qr, "zbarimg read: \(read.output)")
        let svg = try await stack.anonymous.get("/api/v1/qr/\(id).svg")
        #expect(svg.status == 200 && svg.text.hasPrefix("<svg"))

        // Not paid yet; then a wallet pays it through Bakong.
        let check = try await shop.client.post("/api/v1/charges/\(id)/check", "")
        #expect(check.json["status"] as? String == "pending" && check.json["message"] as? String == "No payment yet", "\(check.text)")
        let paid = try await stack.partner.post("/sandbox/khqr/pay", #"{"qr_code":"\#(qr)","payer_account":"sok_dara@wing"}"#)
        #expect(paid.status == 200, "\(paid.text)")
        #expect(try await stack.partner.post("/sandbox/khqr/pay", #"{"qr_code":"\#(qr)"}"#).status == 409, "a code is paid once")
        var view: [String: Any] = [:]
        try await waitUntil {
            view = try await shop.client.get("/api/v1/charges/\(id)").json
            return view["status"] as? String == "paid"
        }
        #expect(view["status"] as? String == "paid" && view["paid_at"] is String && view["payer_account"] as? String == "*********wing", "\(view)")

        try await waitUntil { try await stack.received(shop.receiver).count >= 1 }
        let delivery = try #require(try await stack.received(shop.receiver).first)
        let body = try #require(delivery["body"] as? String)
        let headers = delivery["headers"] as? [String: String] ?? [:]
        let event = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let data = event["data"] as? [String: Any] ?? [:]
        #expect(event["type"] as? String == "charge.paid" && data["id"] as? String == id && data["status"] as? String == "paid")
        #expect(data["md5_hash"] as? String == KHQRCodec.md5(qr) && data["paid_at"] is String)
        #expect(body.contains(#""amount":10,"#))
        #expect(headers["x-khqr-signature"] == WebhookSignature.bodyHex(secret: shop.secret, body: Array(body.utf8)))
        // The seed's Python example re-serialises the parsed body compactly before signing it.
        let python = try await TestProcess.run(
            "/usr/bin/python3",
            [
                "-c",
                """
                import hmac, hashlib, json, sys
                payload = json.dumps(json.loads(sys.argv[1]), separators=(',', ':'))
                print(hmac.new(sys.argv[2].encode(), payload.encode(), hashlib.sha256).hexdigest())
                """, body, shop.secret,
            ], environment: ProcessInfo.processInfo.environment)
        #expect(python.output.trimmingCharacters(in: .whitespacesAndNewlines) == headers["x-khqr-signature"], "Flask example: \(python.output)")

        let listed = try await shop.client.get("/api/v1/charges?status=paid&limit=10&offset=0").json
        #expect((listed["data"] as? [[String: Any]])?.first?["id"] as? String == id && listed["total"] as? Int == 1 && listed["limit"] as? Int == 10)
        let stats = try await shop.client.get("/api/v1/merchant/stats").json
        #expect(stats["total_paid"] as? Int == 1 && (stats["total_amount"] as? NSNumber)?.intValue == 10)
        // Another client sees nothing of it.
        #expect(try await stack.app.get("/api/v1/charges/\(id)").status == 404)
    }

    @Test("amounts are exact JSON numbers: more precision than the currency allows, exponents and fractional riel are refused")
    func exactAmounts() async throws {
        let stack = try await MekongStack.shared()
        let shop = try await merchant(stack)
        for body in [
            #"{"amount": 10.001}"#, #"{"amount": 1e1}"#, #"{"amount": 0}"#, #"{"amount": -5}"#, #"{"amount": "ten"}"#,
            #"{"amount": 100.5, "currency": "KHR"}"#, #"{"amount": 10, "currency": "THB"}"#, #"{"currency": "USD"}"#,
            #"{"amount": 10, "colour": "red"}"#, #"{"amount": 10"#,
        ] {
            let reply = try await shop.client.post("/api/v1/charges", body)
            #expect(reply.status == 400 && reply.errorCode == 2000, "\(body) → \(reply.status) \(reply.text)")
        }
        let precise = try await shop.client.post("/api/v1/charges", #"{"amount": 0.29, "currency": "USD"}"#)
        #expect(precise.text.contains(#""amount":0.29,"#), "\(precise.text)")
        let riel = try await shop.client.post("/api/v1/charges", #"{"amount": 25000, "currency": "KHR"}"#)
        let rielCode = try KHQRCodec.decode(riel.json["qr_code"] as? String ?? "")
        let rielAmount = try Money(parsing: "25000", currency: .KHR)
        #expect(riel.status == 200 && rielCode.amount == rielAmount)
        // The seed's Python example posts a form while saying application/json.
        let form = try await shop.client.request(
            "POST", "/api/v1/charges", body: "amount=10.5&currency=USD&description=Order+42&metadata=order_id",
            headers: [("Content-Type", "application/json")])
        #expect(form.status == 200 && form.text.contains(#""amount":10.5,"#) && form.json["description"] as? String == "Order 42", "\(form.text)")
        #expect(try await shop.client.get("/api/v1/charges?limit=101").errorCode == 2000)
        #expect(try await stack.anonymous.post("/api/v1/charges", #"{"amount":1}"#).status == 401)
        let app = try await stack.app.post("/api/v1/charges", #"{"amount":1}"#)
        #expect(app.status == 422 && app.errorCode == 2006, "a client that is not a merchant: \(app.text)")
    }

    @Test("an unpaid charge expires, with charge.expired in the BakongPay format when the merchant asks for it")
    func expiry() async throws {
        let stack = try await MekongStack.ops()
        let shop = try await merchant(stack, format: "bakongpay")
        let created = try await shop.client.post("/api/v1/charges", #"{"amount": 2.50}"#)
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        var status = ""
        try await waitUntil(seconds: 30) {
            status = try await shop.client.get("/api/v1/charges/\(id)").json["status"] as? String ?? ""
            return status == "expired"
        }
        #expect(status == "expired")
        #expect(try await stack.partner.post("/sandbox/khqr/pay", #"{"qr_code":"\#(created.json["qr_code"] as? String ?? "")"}"#).status == 200)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await shop.client.get("/api/v1/charges/\(id)").json["status"] as? String == "expired", "a late payment does not revive it")
        try await waitUntil { try await stack.received(shop.receiver).count >= 2 }
        let deliveries = try await stack.received(shop.receiver)
        let events = deliveries.compactMap { delivery -> String? in
            guard let body = delivery["body"] as? String, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            else { return nil }
            #expect(object["timestamp"] is NSNumber && (object["data"] as? [String: Any])?["transactionId"] as? String == id)
            #expect(
                (delivery["headers"] as? [String: String])?["x-bakongpay-signature"]
                    == WebhookSignature.bodyHex(secret: shop.secret, body: Array(body.utf8)))
            return object["event"] as? String
        }
        #expect(Set(events) == ["PAYMENT_PENDING", "PAYMENT_EXPIRED"], "\(events)")
    }

    @Test(
        "a Thai wallet (KH-TH) and a Chinese wallet (KH-CN) pay charges across the border: inbound payments credit the code's exact amount and the charges are paid, linked to them"
    )
    func crossBorder() async throws {
        let stack = try await MekongStack.shared()
        let shop = try await merchant(stack)
        for (via, enough, short) in [("KH-TH", "345.00", "100.00"), ("KH-CN", "72.00", "10.00")] {
            let created = try await shop.client.post("/api/v1/charges", #"{"amount": 10.00, "description": "paid from abroad"}"#)
            let id = try #require(created.json["id"] as? String, "\(created.text)")
            let qr = try #require(created.json["qr_code"] as? String)
            // Too little in the partner's currency: refused, and the charge stays open.
            let underpaid = try await stack.partner.post("/sandbox/khqr/pay", #"{"qr_code":"\#(qr)","via":"\#(via)","amount":"\#(short)"}"#)
            #expect(underpaid.status == 422, "\(via) underpaid: \(underpaid.status) \(underpaid.text)")
            #expect(try await shop.client.get("/api/v1/charges/\(id)").json["status"] as? String == "pending")
            let paid = try await stack.partner.post("/sandbox/khqr/pay", #"{"qr_code":"\#(qr)","via":"\#(via)","amount":"\#(enough)"}"#)
            #expect(paid.status == 202, "\(via): \(paid.status) \(paid.text)")
            // The same code again, from another wallet: the charge is already being paid.
            let again = try await stack.partner.post("/sandbox/khqr/pay", #"{"qr_code":"\#(qr)","via":"\#(via)","amount":"\#(enough)"}"#)
            #expect(again.status == 409, "\(via) twice: \(again.status) \(again.text)")
            var view: [String: Any] = [:]
            try await waitUntil {
                view = try await shop.client.get("/api/v1/charges/\(id)").json
                return view["status"] as? String == "paid"
            }
            #expect(view["status"] as? String == "paid", "\(via): \(view)")
            try await waitUntil { try await stack.received(shop.receiver).contains { ($0["body"] as? String)?.contains(id) == true } }
            let body = try await stack.received(shop.receiver).compactMap { $0["body"] as? String }.first { $0.contains(id) } ?? ""
            let data = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["data"] as? [String: Any] ?? [:]
            let paymentID = try #require(data["payment_id"] as? String, "\(via): \(body)")
            // The payment it links to is an inbound cross-border payment that credited exactly USD 10.00.
            let payments = try await stack.ledgerEntries(for: paymentID)
            #expect(
                payments.count == 1 && payments.first?["amount"] as? String == "10.00" && payments.first?["currency"] as? String == "USD",
                "\(via): the Bakong credit \(payments)")
        }
    }
}
