import Foundation
import Testing

@Suite("Corridors, access and bad input over real HTTP")
struct CorridorAndInputTests {
    @Test("GET /v1/corridors lists all five with status, limits and rate age")
    func listsCorridors() async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.get("/v1/corridors")
        #expect(reply.status == 200)
        let corridors = reply.json["data"] as? [[String: Any]] ?? []
        #expect(Set(corridors.compactMap { $0["id"] as? String }) == ["KH-TH", "KH-MY", "KH-CN", "KH-VN", "KH-LA"])
        let th = try #require(corridors.first { $0["id"] as? String == "KH-TH" })
        #expect(th["open"] as? Bool == true)
        #expect(th["rate_snapshot_id"] as? String != nil)
        let la = try #require(corridors.first { $0["id"] as? String == "KH-LA" })
        #expect(la["status"] as? String == "planned" && la["open"] as? Bool == false)
        let one = try await stack.app.get("/v1/corridors/KH-TH")
        #expect(one.json["partner_system"] as? String == "PromptPay")
        #expect(try await stack.app.get("/v1/corridors/KH-XX").status == 404)
    }

    @Test(
        "a planned corridor and an inbound-only corridor refuse outbound payments with their reason",
        arguments: [("KH-LA", 5001), ("KH-CN", 2006)])
    func refusals(corridor: String, code: Int) async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"\#(corridor)","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(reply.errorCode == code, "\(reply.text)")
        #expect((reply.error["message"] as? String)?.contains(corridor) == true)
        #expect(reply.error["retryable"] != nil && reply.error["recommended_action"] != nil && reply.error["category"] != nil)
    }

    @Test("a NUL hidden before a combining mark, and a name of 141 code points in one grapheme, are refused with 400; nothing is stored")
    func graphemeTricks() async throws {
        let stack = try await MekongStack.shared()
        let quote = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        let quoteID = try #require(quote.json["id"] as? String)
        let combining = String(repeating: #"\u0301"#, count: 140)
        for name in [#"a\u0000\u0301"#, "Z" + combining] {
            let body =
                #"{"quote_id":"\#(quoteID)","payer":{"name":"\#(name)","account":"012345678901"},"beneficiary":{"name":"B","account":"1234567890"}}"#
            let reply = try await stack.app.post("/v1/payments", body, idempotencyKey: UUID().uuidString)
            #expect(reply.status == 400 && reply.errorCode == 2000, "\(reply.status) \(reply.text)")
        }
        #expect(try await stack.sql("SELECT count(*) FROM payments WHERE quote_id = '\(quoteID)'") == "0")
        // The quote is still usable: the refusals stored nothing.
        #expect(try await stack.app.post("/v1/payments", MekongStack.paymentBody(quoteID: quoteID), idempotencyKey: UUID().uuidString).status == 201)
    }

    @Test(
        "every answer carries X-Request-Id (the caller's when well formed), errors carry it in the body, and each request gets one access-log line without its key"
    )
    func requestIDs() async throws {
        let stack = try await MekongStack.shared()
        let mine = "trace-\(UUID().uuidString.prefix(8)):1.a_b"
        let listed = try await stack.app.request("GET", "/v1/corridors", headers: [("X-Request-Id", mine)])
        #expect(listed.status == 200 && listed.header("X-Request-Id") == mine)
        let fresh = try await stack.app.get("/v1/corridors")
        #expect(fresh.header("X-Request-Id")?.hasPrefix("req_") == true)
        for malformed in ["has space", String(repeating: "x", count: 129), "semi;colon"] {
            let reply = try await stack.app.request("GET", "/v1/corridors", headers: [("X-Request-Id", malformed)])
            #expect(reply.header("X-Request-Id")?.hasPrefix("req_") == true, "\(malformed) is replaced")
        }
        let missing = try await stack.app.request("GET", "/v1/payments/pay_none", headers: [("X-Request-Id", mine + "-404")])
        #expect(missing.status == 404 && missing.error["request_id"] as? String == mine + "-404")
        try await waitUntil(seconds: 10) { stack.gatewayLogs().contains("request_id=\(mine)-404") }
        let line = try #require(stack.gatewayLogs().split(separator: "\n").first { $0.contains("request_id=\(mine)-404") })
        #expect(
            line.contains("path=/v1/payments/pay_none") && line.contains("status=404") && line.contains("method=GET") && line.contains("client=cli_"),
            "\(line)")
        #expect(!line.contains(stack.appKey) && !line.contains("Bearer"), "no key in the access log")
    }

    @Test(
        "path ids are percent-decoded: a snapshot id with @ and : encoded names the same snapshot; a payment id with _ encoded the same payment; broken encoding is 400"
    )
    func percentEncodedIDs() async throws {
        let stack = try await MekongStack.shared()
        let treasury = try await stack.newKey(role: "treasury")
        // A pending upload, effective far ahead (it prices nothing).
        let upload = try await treasury.request(
            "POST", "/admin/rates",
            body: """
                provider,effective_at,pair,rate
                NBC,2031-01-01T00:00:00Z,USD/THB,36.10
                NBC,2031-01-01T00:00:00Z,KHR/THB,0.0085400
                NBC,2031-01-01T00:00:00Z,THB/USD,0.0277008
                NBC,2031-01-01T00:00:00Z,THB/KHR,117.1000
                """, headers: [("Content-Type", "text/csv")])
        let id = try #require(upload.json["id"] as? String, "\(upload.status) \(upload.text)")
        let encoded = id.replacingOccurrences(of: "@", with: "%40").replacingOccurrences(of: ":", with: "%3A")
        #expect(encoded != id)
        let raw = try await treasury.get("/admin/rates/\(id)")
        let viaEncoded = try await treasury.get("/admin/rates/\(encoded)")
        #expect(raw.status == 200 && viaEncoded.status == 200 && viaEncoded.json["id"] as? String == id, "\(viaEncoded.status) \(viaEncoded.text)")
        let paid = try await stack.pay(stack.app, amount: "10.00")
        let payment = try #require(paid.json["id"] as? String)
        let found = try await stack.app.get("/v1/payments/" + payment.replacingOccurrences(of: "_", with: "%5F"))
        #expect(found.status == 200 && found.json["id"] as? String == payment)
        #expect(try await stack.app.get("/v1/payments/pay%ZZ").status == 400)
    }

    @Test("no key, a malformed key or a wrong key: 401 with 1001")
    func authentication() async throws {
        let stack = try await MekongStack.shared()
        #expect(try await stack.anonymous.get("/v1/corridors").errorCode == 1001)
        #expect(try await TestClient(baseURL: stack.gatewayURL, key: "mk_test_nonsense").get("/v1/corridors").errorCode == 1001)
        let wellFormedButUnknown = TestClient(baseURL: stack.gatewayURL, key: "mk_test_" + String(repeating: "A", count: 38))
        #expect(try await wellFormedButUnknown.get("/v1/corridors").status == 401)
    }

    @Test("another client's payment and quote answer 404")
    func ownership() async throws {
        let stack = try await MekongStack.shared()
        let mine = try await stack.pay(stack.app, amount: "7.00")
        let id = try #require(mine.json["id"] as? String)
        let quoteID = try #require(mine.json["quote_id"] as? String)
        #expect(try await stack.otherApp.get("/v1/payments/\(id)").status == 404)
        #expect(try await stack.otherApp.get("/v1/quotes/\(quoteID)").status == 404)
        let steal = try await stack.otherApp.post("/v1/payments", MekongStack.paymentBody(quoteID: quoteID), idempotencyKey: UUID().uuidString)
        #expect(steal.status == 404)
        #expect(try await stack.app.get("/v1/payments/\(id)").status == 200)
    }

    @Test(
        "bad input gets a 4xx in the documented error shape",
        arguments: [
            #"{"corridor":"#, #"[1,2]"#, #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":10.5,"currency":"USD"}}"#,
            #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.555","currency":"USD"}}"#,
            #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"-1","currency":"USD"}}"#,
            #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"0","currency":"USD"}}"#,
            #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1","currency":"XTS"}}"#,
            #"{"corridor":"KH-TH","payment_type":"C2C","source":{"amount":"1","currency":"USD"}}"#,
            #"{"corridor":"KH-TH","payment_type":"P2P","rate":"99","source":{"amount":"1","currency":"USD"}}"#,
            #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"99999999999999999999999","currency":"USD"}}"#,
            #"{"corridor":7,"payment_type":"P2P","source":{"amount":"1","currency":"USD"}}"#,
            "",
        ])
    func badInput(body: String) async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post("/v1/quotes", body)
        #expect((400..<500).contains(reply.status), "\(reply.status) \(reply.text)")
        #expect(reply.errorCode != nil && reply.error["message"] is String, "\(reply.text)")
    }

    @Test("an oversized body gets 413")
    func oversized() async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post("/v1/quotes", String(repeating: "a", count: 100_000))
        #expect(reply.status == 413)
        #expect(reply.errorCode == 2012)
    }

    @Test("health, readiness and the OpenAPI document are served")
    func operations() async throws {
        let stack = try await MekongStack.shared()
        #expect(try await stack.anonymous.get("/healthz").status == 200)
        #expect(try await stack.anonymous.get("/readyz").json["database"] as? String == "ok")
        let document = try await stack.anonymous.get("/openapi.yaml")
        #expect(document.status == 200 && document.text.hasPrefix("openapi: 3.1"))
    }

    /// (spec file, text to replace, replacement, what the error must name)
    @Test(
        "a broken corridor spec stops start-up with exit 78, naming the file, the field and the reason",
        arguments: [
            ("kh-th.yaml", "direction: both_ways", "direction: sideways", ["kh-th.yaml", "direction", "sideways"]),
            (
                "kh-th.yaml", "system: PromptPay", "system: SWIFT",
                ["kh-th.yaml", "partner.system", "SWIFT", "PromptPay, DuitNow, Alipay, NAPAS, LAPNet"]
            ),
            ("kh-cn.yaml", "  settlement: USD", "  settlement: CNY", ["KH-CN.currencies.settlement", "Alipay's settlement file is in USD"]),
        ])
    func failFast(file: String, replace: String, with replacement: String, mentions: [String]) async throws {
        let stack = try await MekongStack.shared()
        let broken = URL(fileURLWithPath: stack.workDirectory).appendingPathComponent("broken-corridors-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        let spec = try String(contentsOf: MekongStack.repository.appendingPathComponent("corridors/\(file)"), encoding: .utf8)
        #expect(spec.contains(replace))
        try spec.replacingOccurrences(of: replace, with: replacement).write(
            to: broken.appendingPathComponent(file), atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = stack.databaseURL
        environment["MEKONG_PATHS_CORRIDORS"] = broken.path
        environment["MEKONG_SERVER_PORT"] = "\(FreePort.next())"
        let result = try await TestProcess.run(
            MekongStack.binary, ["serve", "--config", MekongStack.repository.appendingPathComponent("config/mekong.yaml").path],
            environment: environment)
        #expect(result.status == 78, "\(result.output)")
        for mention in mentions { #expect(result.output.contains(mention), "\(result.output)") }
    }
}

@Suite("The sandbox serves all five partners")
struct SandboxPartnersTests {
    @Test("PromptPay, DuitNow, NAPAS (over mTLS), Alipay (as a sender) and LAPNet (not live) all answer")
    func allFive() async throws {
        let stack = try await MekongStack.shared()
        #expect(try await stack.partner.get("/promptpay/v1/transfers/pay_none").status == 401, "PromptPay wants a token")
        #expect(try await stack.partner.get("/duitnow/v1/transfers/pay_none").status == 404)
        #expect(try await stack.partner.get("/napas/v1/transfers/pay_none").json["responseCode"] as? String == "25")
        #expect(try await stack.partner.get("/sandbox/inbound/KH-CN/none").status == 404, "Alipay's sender reaches the gateway")
        #expect(try await stack.partner.get("/lapnet/v1/status").json["status"] as? String == "planned")
        #expect(try await stack.partner.request("POST", "/lapnet/v1/transfers", body: "{}").status == 503)
    }
}
