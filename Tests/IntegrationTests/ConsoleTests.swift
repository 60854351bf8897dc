import Foundation
import Testing

/// The staff console's routes over real HTTP, on a stack of its own: sign-in and sessions,
/// CSRF on every form, roles enforced through the API the console calls in-process, and each
/// page and action. (The browser tests in scripts/browser-test drive the same pages in
/// headless Chromium.)
@Suite("Console: sign-in, sessions, CSRF, roles and every page and action", .serialized)
struct ConsoleTests {
    static let stack = Task { try await MekongStack.isolated(label: "console") }

    func signedIn(_ stack: MekongStack, role: String) async throws -> (ConsoleBrowser, TestClient) {
        let key = try await stack.newKey(role: role)
        let browser = ConsoleBrowser(baseURL: stack.gatewayURL)
        let reply = try await browser.signIn(key: try #require(key.key))
        #expect(reply.status == 303 && browser.location(reply)?.hasSuffix("/console/corridors") == true, "\(reply.status) \(reply.text)")
        return (browser, key)
    }

    func corridorState(_ ops: TestClient, _ id: String) async throws -> String? {
        let corridors = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        return corridors.first { $0["id"] as? String == id }?["state"] as? String
    }

    @Test(
        "sign-in: app keys, unknown keys and forged forms are refused; a staff key gets an HttpOnly, SameSite=Strict, Secure session cookie; sign-out ends it"
    )
    func signIn() async throws {
        let stack = try await Self.stack.value
        let browser = ConsoleBrowser(baseURL: stack.gatewayURL)
        let away = try await browser.get("/console/corridors")
        #expect(away.status == 303 && browser.location(away)?.hasSuffix("/console/login") == true)

        let app = try await stack.newApp()
        let refusedApp = try await browser.signIn(key: try #require(app.key))
        #expect(refusedApp.status == 401 && refusedApp.text.contains("app key"), "\(refusedApp.text)")
        let unknown = try await browser.signIn(key: "mk_test_0000000000000000000000000000000000")
        #expect(unknown.status == 401 && unknown.text.contains("not valid"))
        #expect(browser.cookies["mekong_session"] == nil)

        let ops = try await stack.newKey(role: "ops")
        _ = try await browser.get("/console/login")
        let forged = try await browser.post("/console/login", [("key", try #require(ops.key))], csrf: false)
        #expect(forged.status == 403 && browser.cookies["mekong_session"] == nil, "no token, no session: \(forged.status)")

        let signed = try await browser.signIn(key: try #require(ops.key))
        #expect(signed.status == 303)
        let session = try #require(browser.setCookieHeaders.last { $0.hasPrefix("mekong_session=") && !$0.contains("Max-Age=0") })
        #expect(
            session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Secure") && session.contains("Path=/console"),
            "\(session)")
        #expect(!session.contains(try #require(ops.key)), "the cookie is a session token, never the key")
        let board = try await browser.get("/console/corridors")
        #expect(board.status == 200 && board.text.contains("id=\"corridor-KH-TH\""))
        #expect(
            board.headers.contains { $0.name == "content-security-policy" }
                && board.headers.contains { $0.name == "cache-control" && $0.value == "no-store" })

        let token = try #require(browser.cookies["mekong_session"])
        let out = try await browser.post("/console/logout")
        #expect(out.status == 303 && browser.cookies["mekong_session"] == nil)
        let stale = ConsoleBrowser(baseURL: stack.gatewayURL)
        _ = try await stale.get("/console/login")
        let replayed = try await TestClient(baseURL: stack.gatewayURL, key: nil)
            .request("GET", "/console/corridors", headers: [("Cookie", "mekong_session=\(token)")])
        #expect(replayed.status == 303, "a signed-out session's cookie no longer opens pages")
    }

    @Test(
        "a sign-in form is good for one attempt: posted again after it made a session, it gets 403 and no second session; an address past its sign-in burst gets 429"
    )
    func signInOnce() async throws {
        let stack = try await Self.stack.value
        let ops = try await stack.newKey(role: "ops")
        let browser = ConsoleBrowser(baseURL: stack.gatewayURL)
        _ = try await browser.get("/console/login")
        let form = try #require(browser.cookies["mekong_login"])
        let first = try await browser.post("/console/login", [("key", try #require(ops.key))])
        #expect(first.status == 303, "\(first.status) \(first.text)")
        let sessions = try await stack.sql("SELECT count(*) FROM console_sessions")
        // The same form again: its cookie put back, its token posted once more.
        let replay = ConsoleBrowser(baseURL: stack.gatewayURL)
        replay.cookies["mekong_login"] = form
        replay.csrf = form
        let second = try await replay.post("/console/login", [("key", try #require(ops.key))])
        #expect(second.status == 403 && second.text.contains("used already"), "\(second.status) \(second.text)")
        #expect(replay.cookies["mekong_session"] == nil)
        #expect(try await stack.sql("SELECT count(*) FROM console_sessions") == sessions, "no second session")

        // A gateway of its own with a burst of 3 and one more a minute: the fourth attempt within
        // the minute is refused, however slowly the machine runs the first three.
        let strict = try await stack.startGatewayProcess(settings: ["MEKONG_CONSOLE_SIGN_IN_BURST": "3", "MEKONG_CONSOLE_SIGN_INS_PER_MINUTE": "1"])
        let hammer = ConsoleBrowser(baseURL: strict.client.baseURL)
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(try await hammer.signIn(key: "mk_test_0000000000000000000000000000000000").status) }
        #expect(statuses == [401, 401, 401, 429], "\(statuses)")
        strict.process.stop()
    }

    @Test(
        "ops close and reopen a corridor from the board through the API's path and audit; without the CSRF token nothing changes; treasury is refused"
    )
    func corridorBoard() async throws {
        let stack = try await Self.stack.value
        let (browser, ops) = try await signedIn(stack, role: "ops")
        _ = try await browser.get("/console/corridors")
        let noToken = try await browser.post("/console/corridors/KH-TH/disable", [("reason", "forged")], csrf: false)
        #expect(noToken.status == 403 && noToken.text.contains("CSRF"))
        let wrongToken = try await browser.post("/console/corridors/KH-TH/disable", [("reason", "forged"), ("csrf", "not-the-token")], csrf: false)
        #expect(wrongToken.status == 403)
        #expect(try await corridorState(ops, "KH-TH") == "open", "a refused form changes nothing")

        let noReason = try await browser.post("/console/corridors/KH-TH/disable")
        #expect(noReason.status == 303)
        let told = try await browser.get("/console/corridors")
        #expect(told.text.contains("notice-error") && told.text.contains("reason"), "the API's own message comes back")

        let closed = try await browser.post("/console/corridors/KH-TH/disable", [("reason", "PromptPay incident 42")])
        #expect(closed.status == 303)
        let page = try await browser.get("/console/corridors")
        #expect(page.text.contains("KH-TH is closed to new payments.") && page.text.contains("PromptPay incident 42"))
        #expect(page.text.contains(#"id="state-KH-TH">closed_by_ops<"#))
        #expect(try await corridorState(ops, "KH-TH") == "closed_by_ops")
        let quote = try await stack.newApp().post(
            "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(quote.errorCode == 5001, "closed from the console is closed for apps: \(quote.text)")
        let audit = try await ops.get("/admin/audit?target=KH-TH").json["data"] as? [[String: Any]] ?? []
        #expect(audit.first?["action"] as? String == "corridor.disable", "\(audit.first ?? [:])")

        let (treasuryBrowser, _) = try await signedIn(stack, role: "treasury")
        let treasuryBoard = try await treasuryBrowser.get("/console/corridors")
        #expect(treasuryBoard.status == 200 && !treasuryBoard.text.contains("/console/corridors/KH-TH/enable"), "no ops forms for treasury")
        _ = try await treasuryBrowser.post("/console/corridors/KH-TH/enable")
        let refused = try await treasuryBrowser.get("/console/corridors")
        #expect(refused.text.contains("notice-error") && refused.text.contains("ops role"), "the API's role check answers")
        #expect(try await corridorState(ops, "KH-TH") == "closed_by_ops")

        #expect(try await browser.post("/console/corridors/KH-TH/enable", [("reason", "incident over")]).status == 303)
        #expect(try await corridorState(ops, "KH-TH") == "open")
    }

    @Test("treasury uploads a snapshot and sees its diff; the uploader and ops cannot approve it, a second treasury user can")
    func rates() async throws {
        let stack = try await Self.stack.value
        let (maker, _) = try await signedIn(stack, role: "treasury")
        let (checker, checkerKey) = try await signedIn(stack, role: "treasury")
        let (opsBrowser, _) = try await signedIn(stack, role: "ops")
        _ = try await maker.get("/console/rates")
        let effective = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3))
        let csv =
            "provider,effective_at,pair,rate\nNBC,\(effective),USD/THB,35.96\nNBC,\(effective),KHR/THB,0.0085300\nNBC,\(effective),THB/USD,0.0278086\nNBC,\(effective),THB/KHR,117.2300\n"
        #expect(try await maker.post("/console/rates", [("format", "csv"), ("snapshot", csv)]).status == 303)
        let page = try await maker.get("/console/rates")
        #expect(page.text.contains("uploaded. It takes effect once a second treasury user approves it."), "\(page.text.prefix(3000))")
        let pending = try #require(try await checkerKey.get("/admin/rates?status=pending").json["data"] as? [[String: Any]])
        let id = try #require(pending.first?["id"] as? String)
        #expect(page.text.contains(#"id="pending-\#(id)""#) && page.text.contains(#"<tr class="large"><td>USD/THB</td><td>34.25</td><td>35.96</td>"#))

        _ = try await maker.post("/console/rates/\(id)/approve")
        #expect(try await maker.get("/console/rates").text.contains("notice-error"), "the uploader cannot approve")
        _ = try await opsBrowser.get("/console/rates")
        _ = try await opsBrowser.post("/console/rates/\(id)/approve")
        #expect(try await opsBrowser.get("/console/rates").text.contains("notice-error"), "ops cannot approve")
        #expect(try await checkerKey.get("/admin/rates/\(id)").json["status"] as? String == "pending")

        _ = try await checker.get("/console/rates")
        _ = try await checker.post("/console/rates/\(id)/approve", [("note", "checked against NBC's page")])
        let after = try await checker.get("/console/rates")
        #expect(after.text.contains("\(id) approved.") && after.text.contains("id=\"no-pending\""))
        let record = try await checkerKey.get("/admin/rates/\(id)").json
        #expect(record["status"] as? String == "approved" && record["decided_by"] as? String != record["uploaded_by"] as? String)
    }

    @Test(
        "payments are found by reference, state, corridor and day; the detail shows history, quote, snapshot, the redacted partner exchange and webhook deliveries, which ops can re-send"
    )
    func payments() async throws {
        let stack = try await Self.stack.value
        let app = try await stack.newApp(permissions: "webhook")
        #expect(try await app.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL("console"))","events":["payment.settled"]}"#).status == 201)
        let created = try await stack.pay(app, amount: "25.00")
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        #expect(try await stack.waitFor(id, as: app)["state"] as? String == "CROSS_BORDER_SETTLED")
        let (browser, ops) = try await signedIn(stack, role: "ops")

        let today = ReconciliationTests.today()
        let byReference = try await browser.get("/console/payments?reference=\(id)")
        #expect(byReference.status == 200 && byReference.text.contains("/console/payments/\(id)") && byReference.text.contains("1 payment."))
        #expect(try await browser.get("/console/payments?state=CROSS_BORDER_SETTLED&corridor=KH-TH&from=\(today)&to=\(today)").text.contains(id))
        #expect(!(try await browser.get("/console/payments?reference=\(id)&state=REJECTED").text.contains("/console/payments/\(id)")))
        #expect(!(try await browser.get("/console/payments?corridor=KH-MY").text.contains(id)))
        #expect(!(try await browser.get("/console/payments?to=2026-01-01").text.contains(id)))
        let bad = try await browser.get("/console/payments?state=NOT_A_STATE")
        #expect(bad.status == 400 && bad.text.contains("must be one of"), "\(bad.status) \(bad.text)")

        var detail = try await browser.get("/console/payments/\(id)")
        for _ in 0..<50 where !detail.text.contains("SUCCESS") {
            try await Task.sleep(for: .milliseconds(100))
            detail = try await browser.get("/console/payments/\(id)")
        }
        let text = detail.text
        #expect(detail.status == 200 && text.contains(#"id="payment-state">CROSS_BORDER_SETTLED<"#) && text.contains("partner_settled"))
        #expect(text.contains("Quote qte_") && text.contains("Snapshot NBC@") && text.contains("POST /v1/transfers"))
        #expect(
            text.contains("******7890") && !text.contains("1234567890") && !text.contains("012345678901"),
            "accounts masked everywhere, the exchange included")
        #expect(text.contains("payment.settled") && text.contains("SUCCESS"), "the delivery is listed")
        let delivery = try #require((try await ops.get("/admin/deliveries?payment=\(id)").json["data"] as? [[String: Any]])?.first?["id"] as? String)
        let resent = try await browser.post("/console/webhooks/\(delivery)/resend", [("back", "/console/payments/\(id)")])
        #expect(resent.status == 303 && browser.location(resent)?.hasSuffix("/console/payments/\(id)") == true)
        #expect(try await browser.get("/console/payments/\(id)").text.contains("Delivery \(delivery) re-sent: SUCCESS (HTTP 200)."))
        let audit = try await ops.get("/admin/audit?target=\(delivery)").json["data"] as? [[String: Any]] ?? []
        #expect(audit.first?["action"] as? String == "delivery.resend")
        let offSite = try await browser.post("/console/webhooks/\(delivery)/resend", [("back", "https://evil.example/")])
        #expect(browser.location(offSite)?.hasSuffix("/console/webhooks") == true, "never redirected off the console")

        let log = try await browser.get("/console/webhooks?state=SUCCESS")
        #expect(log.status == 200 && log.text.contains("id=\"delivery-\(delivery)\""))
        let (treasury, _) = try await signedIn(stack, role: "treasury")
        #expect(try await treasury.get("/console/payments/\(id)").status == 200, "treasury may look")
        _ = try await treasury.post("/console/webhooks/\(delivery)/resend")
        #expect(try await treasury.get("/console/corridors").text.contains("ops role"), "but only ops re-send")
    }

    @Test("reconciliation runs and their exceptions are listed; an exception is resolved with a note through the API")
    func reconciliation() async throws {
        let stack = try await Self.stack.value
        let (browser, ops) = try await signedIn(stack, role: "ops")
        let date = ReconciliationTests.today()
        let file = try await stack.partner.get("/sandbox/settlement/KH-TH?date=\(date)").text
        let body = file + "pay_NOT_AT_MEKONG,100.00,THB,9999999999,\(date) 10:00:00,5.00\n"
        let run = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-TH&date=\(date)", body: body, headers: [("Content-Type", "text/csv")])
        #expect(run.status == 201, "\(run.text)")
        let runID = try #require(run.json["id"] as? String)
        #expect(try await browser.get("/console/reconciliation").text.contains("/console/reconciliation/\(runID)"))
        let page = try await browser.get("/console/reconciliation/\(runID)")
        #expect(page.status == 200 && page.text.contains("pay_NOT_AT_MEKONG") && page.text.contains("missing_at_gateway"))
        let exception = try #require(
            (try await ops.get("/admin/reconciliations/\(runID)/exceptions").json["data"] as? [[String: Any]])?
                .first { $0["reference"] as? String == "pay_NOT_AT_MEKONG" }?["id"] as? String)
        let resolved = try await browser.post("/console/reconciliation/exceptions/\(exception)/resolve", [("note", "test row"), ("run", runID)])
        #expect(browser.location(resolved)?.hasSuffix("/console/reconciliation/\(runID)") == true)
        #expect(try await browser.get("/console/reconciliation/\(runID)").text.contains("Exception \(exception) resolved."))
        let after = try await ops.get("/admin/reconciliations/\(runID)/exceptions?status=resolved").json["data"] as? [[String: Any]] ?? []
        #expect(after.contains { $0["id"] as? String == exception && $0["note"] as? String == "test row" })
    }

    @Test("a revoked key's session ends at once")
    func revokedKey() async throws {
        let stack = try await Self.stack.value
        let (browser, _) = try await signedIn(stack, role: "ops")
        let admin = try await stack.newKey(role: "admin")
        let keys = try await admin.get("/admin/keys").json["data"] as? [[String: Any]] ?? []
        let newest = try #require(keys.first { $0["role"] as? String == "ops" }?["id"] as? String)
        #expect(try await admin.post("/admin/keys/\(newest)/revoke", "{}").status == 200)
        let page = try await browser.get("/console/corridors")
        #expect(page.status == 303, "revoking the key ends its console sessions")
    }
}
