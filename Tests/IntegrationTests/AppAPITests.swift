import Foundation
import MekongCore
import Testing

/// What a remittance developer meets in the first hour: their own payments as a list, pages
/// that neither repeat nor skip, test and live keys that keep apart, errors whose advice is
/// true, and keys that are forgotten when the README says.
@Suite("The app API as a developer uses it: lists, cursors, test and live, honest errors, key lifetime")
struct AppAPITests {
    /// Pages through `path` with `limit`, returning every row's id in order and the page count.
    static func walk(_ client: TestClient, _ path: String, limit: Int) async throws -> (ids: [String], pages: Int) {
        var ids: [String] = []
        var pages = 0
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let page = try await client.get(path + separator + "limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""))
            #expect(page.status == 200, "\(page.text)")
            let rows = page.json["data"] as? [[String: Any]] ?? []
            #expect(rows.count <= limit)
            ids += rows.compactMap { $0["id"].map { "\($0)" } }
            pages += 1
            cursor = page.json["next_cursor"] as? String
            #expect((page.json["has_more"] as? Bool) == (cursor != nil), "has_more and next_cursor agree")
        } while cursor != nil && pages < 50
        return (ids, pages)
    }

    @Test(
        "GET /v1/payments lists only the app's own payments, newest first, by cursor with no repeat or gap while new ones arrive; filters by reference, state and corridor"
    )
    func ownPayments() async throws {
        let stack = try await MekongStack.shared()
        let app = try await stack.newApp()
        let other = try await stack.newApp()
        var made: [String] = []
        for index in 0..<7 {
            let quote = try await app.post(
                "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1\#(index).00","currency":"USD"}}"#)
            let quoteID = try #require(quote.json["id"] as? String)
            let body =
                #"{"quote_id":"\#(quoteID)","reference":"order-\#(index % 2 == 0 ? "even" : "odd")","payer":{"name":"Sok Dara","account":"012345678901"},"beneficiary":{"name":"Somchai Jaidee","account":"1234567890"}}"#
            let created = try await app.post("/v1/payments", body, idempotencyKey: UUID().uuidString)
            #expect(created.status == 201 && created.json["reference"] as? String == "order-\(index % 2 == 0 ? "even" : "odd")", "\(created.text)")
            made.append(try #require(created.json["id"] as? String))
        }
        _ = try await stack.pay(other)
        // Three pages of 3, 3 and 1; a payment made after the first page is not on a later one.
        let first = try await app.get("/v1/payments?limit=3")
        let firstIDs = (first.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(firstIDs == Array(made.reversed().prefix(3)) && first.json["has_more"] as? Bool == true)
        let late = try await stack.pay(app)
        var rest: [String] = []
        var cursor = first.json["next_cursor"] as? String
        while let next = cursor {
            let page = try await app.get("/v1/payments?limit=3&cursor=\(next)")
            rest += (page.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = page.json["next_cursor"] as? String
        }
        #expect(firstIDs + rest == made.reversed(), "every payment once, newest first")
        #expect(!rest.contains(try #require(late.json["id"] as? String)))
        let all = try await Self.walk(app, "/v1/payments", limit: 2)
        #expect(all.ids.count == 8 && Set(all.ids).count == 8 && all.pages == 4)

        let odd = try await app.get("/v1/payments?reference=order-odd").json["data"] as? [[String: Any]] ?? []
        #expect(odd.compactMap { $0["id"] as? String } == [made[5], made[3], made[1]])
        #expect(
            (try await other.get("/v1/payments?reference=order-odd").json["data"] as? [[String: Any]])?.isEmpty == true,
            "another app sees none of them")
        #expect((try await other.get("/v1/payments").json["data"] as? [[String: Any]])?.count == 1)
        let th = try await app.get("/v1/payments?corridor=KH-TH&state=FX_PENDING,CORRIDOR_PROCESSING")
        #expect(th.errorCode == 2000, "one state at a time: \(th.text)")
        _ = try await stack.waitFor(made[0], as: app)
        let settled = try await app.get("/v1/payments?state=CROSS_BORDER_SETTLED&corridor=KH-TH&limit=100").json["data"] as? [[String: Any]] ?? []
        #expect(settled.contains { $0["id"] as? String == made[0] } && settled.allSatisfy { $0["state"] as? String == "CROSS_BORDER_SETTLED" })

        // Bad paging gets a clear 400 naming what to do.
        #expect(
            try await app.get("/v1/payments?offset=20").error["message"] as? String ?? ""
                == "lists page by cursor, not offset: pass the previous page's 'next_cursor' as 'cursor'")
        #expect(try await app.get("/v1/payments?cursor=not-a-cursor").errorCode == 2000)
        #expect(try await app.get("/v1/payments?limit=101").errorCode == 2000)
        #expect(try await app.get("/v1/payments?limit=100").status == 200)
        let badReference = try await app.post(
            "/v1/payments",
            #"{"quote_id":"qte_x","reference":"a b","payer":{"name":"A","account":"1234"},"beneficiary":{"name":"B","account":"1234"}}"#,
            idempotencyKey: UUID().uuidString)
        #expect(badReference.errorCode == 2000, "\(badReference.text)")
    }

    @Test("every admin list pages by cursor in the same shape; the console's audit trail, deliveries and keys walk to the end without repeats")
    func adminLists() async throws {
        let stack = try await MekongStack.shared()
        let ops = try await stack.newKey(role: "ops")
        let admin = try await stack.newKey(role: "admin")
        let treasury = try await stack.newKey(role: "treasury")
        for _ in 0..<3 { _ = try await stack.newApp() }
        let keys = try await Self.walk(admin, "/admin/keys", limit: 2)
        #expect(keys.ids.count >= 6 && Set(keys.ids).count == keys.ids.count && keys.pages >= 3)
        for path in ["/admin/payments", "/admin/deliveries", "/admin/audit", "/admin/reconciliations"] {
            let walked = try await Self.walk(ops, path, limit: 5)
            #expect(Set(walked.ids).count == walked.ids.count, "\(path) repeats none")
        }
        let history = try await Self.walk(treasury, "/admin/rates/history", limit: 1)
        #expect(history.ids.count >= 2 && history.pages == history.ids.count && Set(history.ids).count == history.ids.count)
        let uploads = try await Self.walk(treasury, "/admin/rates", limit: 1)
        #expect(Set(uploads.ids).count == uploads.ids.count)
        #expect(try await ops.get("/admin/payments?offset=10").errorCode == 2000)
        let corridors = try await stack.app.get("/v1/corridors").json
        #expect(corridors["has_more"] as? Bool == false && corridors.keys.contains("next_cursor"), "a whole list has the same shape")
    }

    @Test(
        "test and live keys of one client keep apart: each sees only its own mode's objects (livemode), and test payments go to the test endpoint, live ones to the partner"
    )
    func testAndLive() async throws {
        // A second sandbox stands in for PromptPay's test environment.
        let testPartnerPort = FreePort.next()
        let stack = try await MekongStack.isolated(
            label: "modes",
            settings: [
                "MEKONG_CORRIDOR_KH_TH_TEST_BASE_URL": "http://127.0.0.1:\(testPartnerPort)/promptpay",
                "MEKONG_CORRIDOR_KH_MY_TEST_BASE_URL": "",  // empty: DuitNow takes no test payments here
                "MEKONG_CLOCK_START_AT": "2026-11-24T10:00:00+07:00",  // inside DuitNow's hours
            ])
        var environment = stack.childEnvironment
        environment["MEKONG_SANDBOX_SLOW_SECONDS"] = "1"
        _ = try TestProcess(
            executable: MekongStack.binary,
            arguments: [
                "sandbox", "--port", "\(testPartnerPort)", "--instance", MekongStack.runLabel,
                "--gateway-url", stack.gatewayURL,
            ],
            environment: environment, logPath: stack.workDirectory + "/test-partner.log")
        let testPartner = TestClient(baseURL: "http://127.0.0.1:\(testPartnerPort)", key: nil)
        try await waitUntil(seconds: 15) { (try? await testPartner.get("/healthz"))?.status == 200 }

        let client = Identifier.make("cli")
        let test = try await stack.newKey(role: "app", client: client, environment: "test")
        let live = try await stack.newKey(role: "app", client: client, environment: "live")
        let testPayment = try await stack.pay(test, amount: "21.00")
        let livePayment = try await stack.pay(live, amount: "22.00")
        #expect(testPayment.json["livemode"] as? Bool == false && livePayment.json["livemode"] as? Bool == true)
        let testID = try #require(testPayment.json["id"] as? String)
        let liveID = try #require(livePayment.json["id"] as? String)
        #expect(try await stack.waitFor(testID, as: test)["state"] as? String == "CROSS_BORDER_SETTLED")
        #expect(try await stack.waitFor(liveID, as: live)["state"] as? String == "CROSS_BORDER_SETTLED")

        // Each key sees its own mode only, by id and in lists; the same Idempotency-Key is two keys.
        #expect(try await live.get("/v1/payments/\(testID)").errorCode == 2010)
        #expect(try await test.get("/v1/payments/\(liveID)").errorCode == 2010)
        #expect((try await live.get("/v1/payments").json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [liveID])
        #expect((try await test.get("/v1/payments").json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [testID])
        let key = UUID().uuidString
        let a = try await stack.pay(test, amount: "5.00", key: key)
        let b = try await stack.pay(live, amount: "5.00", key: key)
        #expect(a.status == 201 && b.status == 201 && a.json["id"] as? String != b.json["id"] as? String && b.header("Idempotent-Replayed") == nil)

        // Test money moved only at the test partner, live money only at the live one.
        let liveLedger = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        let testLedger = try await testPartner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        #expect(
            liveLedger.contains { $0["instruction_id"] as? String == liveID } && !liveLedger.contains { $0["instruction_id"] as? String == testID })
        #expect(
            testLedger.contains { $0["instruction_id"] as? String == testID } && !testLedger.contains { $0["instruction_id"] as? String == liveID })

        // Staff see both, marked.
        let ops = try await stack.newKey(role: "ops")
        #expect(try await ops.get("/admin/payments/\(testID)").json["payment"].flatMap { ($0 as? [String: Any])?["livemode"] as? Bool } == false)

        // A corridor with no test endpoint takes no test payments, and says why.
        let duitnow = try await test.post("/v1/quotes", #"{"corridor":"KH-MY","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        let quoteID = try #require(duitnow.json["id"] as? String, "\(duitnow.text)")
        let refused = try await test.post("/v1/payments", MekongStack.paymentBody(quoteID: quoteID), idempotencyKey: UUID().uuidString)
        #expect(refused.errorCode == 2006 && refused.error["rule"] as? String == "KH-MY.test_endpoint", "\(refused.text)")
    }

    @Test(
        "errors advise what is true: a planned corridor is not retryable; a closure until a time gives that time, and its automatic end is audited as the system's"
    )
    func honestErrors() async throws {
        let stack = try await MekongStack.isolated(label: "honest")
        let planned = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"KH-LA","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(planned.errorCode == 5001 && planned.error["retryable"] as? Bool == false && planned.error["retry_after"] == nil, "\(planned.text)")
        #expect((planned.error["recommended_action"] as? String)?.hasPrefix("Choose another corridor") == true)

        let ops = try await stack.newKey(role: "ops")
        let quote = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        let now = try #require(RFC3339.date(from: quote.json["created_at"] as? String ?? ""))
        let until = RFC3339.string(from: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 4).rounded(.up)))
        let disabled = try await ops.post("/admin/corridors/KH-TH/disable", #"{"reason":"PromptPay certificate rollover","until":"\#(until)"}"#)
        #expect(disabled.status == 200, "\(disabled.text)")
        let closed = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(
            closed.errorCode == 5001 && closed.error["retryable"] as? Bool == true && closed.error["retry_after"] as? String == until,
            "\(closed.text)")
        #expect(closed.error["recommended_action"] as? String == "Retry after \(until)")
        let indefinitely = try await ops.post("/admin/corridors/KH-VN/disable", #"{"reason":"NAPAS pilot paused"}"#)
        #expect(indefinitely.status == 200)

        // It reopens by itself, and the audit trail says who: the system.
        try await waitUntil(seconds: 20) {
            try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#).status
                == 201
        }
        var reopening: [String: Any]?
        try await waitUntil(seconds: 10) {
            let audit = try await ops.get("/admin/audit?target=KH-TH").json["data"] as? [[String: Any]] ?? []
            reopening = audit.first { $0["action"] as? String == "corridor.enable" }
            return reopening != nil
        }
        #expect(reopening?["actor_key_id"] as? String == "system", "\(reopening ?? [:])")
        #expect(
            ((reopening?["before"] as? [String: Any])?["enabled"] as? Bool) == false
                && ((reopening?["after"] as? [String: Any])?["enabled"] as? Bool) == true)
        let overview = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        #expect(overview.first { $0["id"] as? String == "KH-TH" }?["state"] as? String == "open")
        #expect(overview.first { $0["id"] as? String == "KH-VN" }?["state"] as? String == "closed_by_ops", "a closure with no end stays")
    }

    @Test("an Idempotency-Key is kept for idempotency.retention_hours and then forgotten: the same key makes a new request")
    func keyLifetime() async throws {
        let stack = try await MekongStack.isolated(label: "key-lifetime", settings: ["MEKONG_IDEMPOTENCY_PRUNE_INTERVAL_SECONDS": "1"])
        let key = UUID().uuidString
        let first = try await stack.pay(stack.app, amount: "7.00", key: key)
        #expect(first.status == 201)
        let replay = try await stack.pay(stack.app, amount: "8.00", key: key)
        #expect(replay.errorCode == 2008, "within its lifetime the key answers for the first request only")
        // Age the key past the 24-hour default, as if a day had passed.
        _ = try await stack.sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = '\(key)'")
        try await waitUntil(seconds: 15) { try await stack.sql("SELECT count(*) FROM idempotency_keys WHERE key = '\(key)'") == "0" }
        let again = try await stack.pay(stack.app, amount: "8.00", key: key)
        #expect(
            again.status == 201 && again.json["id"] as? String != first.json["id"] as? String && again.header("Idempotent-Replayed") == nil,
            "\(again.text)")
    }
}
