import Foundation
import MekongCore
import Testing

/// Treasury's rate tables on their own stack (its clock starts Tuesday 2026-11-24 03:00 UTC,
/// when the sample snapshots are stamped). Serialized: each test moves the rates in force.
@Suite("Treasury: rate snapshots under maker-checker, diff, history and staleness", .serialized)
struct TreasuryTests {
    static let yaml = [("Content-Type", "application/yaml")]
    static let csv = [("Content-Type", "text/csv")]

    func psql(_ stack: MekongStack, _ sql: String) async throws -> (status: Int32, output: String) {
        try await TestProcess.run("/usr/bin/psql", [stack.databaseURL, "-tAc", sql], environment: ProcessInfo.processInfo.environment)
    }

    func quoteTH(_ app: TestClient) async throws -> TestClient.Reply {
        try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
    }

    /// The gateway's own time now (its clock is offset), read from a fresh quote.
    func gatewayNow(_ app: TestClient) async throws -> Date {
        let quote = try await quoteTH(app)
        let created = try #require(quote.json["created_at"] as? String, "\(quote.text)")
        return try #require(RFC3339.date(from: created))
    }

    /// Whole seconds (rounded down), as treasury writes effective times.
    static func stamp(_ date: Date) -> String {
        RFC3339.string(from: Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)))
    }

    @Test("an upload waits for a second treasury key; once approved every instance prices from it, and it names itself on quotes")
    func makerChecker() async throws {
        let stack = try await MekongStack.treasury()
        let maker = try await stack.newKey(role: "treasury")
        let checker = try await stack.newKey(role: "treasury")
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        let before = try await quoteTH(app)
        let sampleID = try #require((before.json["rate"] as? [String: Any])?["snapshot_id"] as? String)
        #expect(sampleID.hasPrefix("NBC@"))
        let effective = Self.stamp(try await gatewayNow(app).addingTimeInterval(2))
        // USD/THB 34.25 → 35.96: +4.99 %, over the 2 % threshold. THB/KHR left out: a warning.
        let upload = try await maker.request(
            "POST", "/admin/rates",
            body: """
                provider: NBC
                effective_at: \(effective)
                rates:
                  USD/THB: "35.96"
                  KHR/THB: "0.0085300"
                  THB/USD: "0.0278086"
                """, headers: Self.yaml)
        #expect(upload.status == 201, "\(upload.text)")
        let id = try #require(upload.json["id"] as? String)
        #expect(upload.json["status"] as? String == "pending" && upload.json["source"] as? String == "yaml")
        let diff = try #require(upload.json["diff"] as? [String: Any])
        #expect(diff["against"] as? String == sampleID && diff["threshold_percent"] as? String == "2.00")
        let changes = diff["changes"] as? [[String: Any]] ?? []
        let usdthb = try #require(changes.first { $0["pair"] as? String == "USD/THB" })
        #expect(usdthb["before"] as? String == "34.25" && usdthb["after"] as? String == "35.96")
        #expect(usdthb["change_percent"] as? String == "+4.99" && usdthb["large"] as? Bool == true)
        #expect(changes.first { $0["pair"] as? String == "KHR/THB" }?["large"] as? Bool == false)
        let warnings = diff["warnings"] as? [String] ?? []
        #expect(warnings.contains { $0.contains("USD/THB moves +4.99%") }, "\(warnings)")
        #expect(warnings.contains { $0.contains("THB/KHR") && $0.contains("3003") }, "\(warnings)")

        // Pending changes nothing, even once its effective time has passed.
        try await Task.sleep(for: .seconds(2.1))
        #expect(((try await quoteTH(app)).json["rate"] as? [String: Any])?["snapshot_id"] as? String == sampleID)
        // The maker cannot approve their own upload, nor can ops.
        let own = try await maker.post("/admin/rates/\(id)/approve", "{}")
        #expect(own.status == 403 && own.errorCode == 1005 && own.error["title"] as? String == "A second person must approve this", "\(own.text)")
        #expect(try await ops.post("/admin/rates/\(id)/approve", "{}").errorCode == 1003)

        let other = try await stack.startAnotherGateway(clockStartAt: RFC3339.string(from: try await gatewayNow(app)))
        let approved = try await checker.post("/admin/rates/\(id)/approve", #"{"note":"checked against the NBC bulletin"}"#)
        #expect(approved.status == 200 && approved.json["status"] as? String == "approved", "\(approved.text)")
        #expect(approved.json["decided_by"] as? String != upload.json["uploaded_by"] as? String)
        #expect(approved.json["in_force_from"] is String)
        // This instance at once; the other within its refresh.
        let after = try await quoteTH(app)
        let rate = after.json["rate"] as? [String: Any] ?? [:]
        #expect(rate["snapshot_id"] as? String == id && rate["reference"] as? String == "35.96", "\(after.text)")
        var seen = ""
        for _ in 0..<50 {
            let quote = try await other.post(
                "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
            seen = (quote.json["rate"] as? [String: Any])?["snapshot_id"] as? String ?? ""
            if seen == id { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(seen == id, "the second instance prices from the approved snapshot")
        // A payment names its snapshot too.
        let paid = try await stack.pay(app)
        #expect(paid.status == 201)
        #expect(paid.json["snapshot_id"] as? String == id, "\(paid.text)")

        // Decided once only; the audit trail has both steps with their actors.
        #expect(try await checker.post("/admin/rates/\(id)/approve", "{}").errorCode == 2013)
        let audit = try await ops.get("/admin/audit?target=\(id)").json["data"] as? [[String: Any]] ?? []
        #expect(audit.map { $0["action"] as? String } == ["rates.approve", "rates.upload"])
        #expect(Set(audit.compactMap { $0["actor_key_id"] as? String }).count == 2)
        // The database refuses an approval by the uploader even when the API is bypassed.
        let forged = try await psql(
            stack,
            """
            INSERT INTO rate_snapshots (id, provider, effective_at, rates, status, source_format, uploaded_by, uploaded_client, uploaded_at, decided_by, decided_client, decided_at)
            VALUES ('NBC@2030-01-01T00:00:00Z', 'NBC', '2030-01-01', '{}', 'approved', 'yaml', 'key_a', 'cli_a', now(), 'key_a', 'cli_a', now())
            """)
        #expect(forged.status != 0 && forged.output.contains("rate_snapshots_four_eyes"), "\(forged.output)")
    }

    @Test(
        "a CSV snapshot effective tomorrow is approved but not used before its time; history shows the spans; rejection and bad files are refused cleanly"
    )
    func futureHistoryAndRefusals() async throws {
        let stack = try await MekongStack.treasury()
        let maker = try await stack.newKey(role: "treasury")
        let checker = try await stack.newKey(role: "treasury")
        let app = try await stack.newApp()
        let now = try await gatewayNow(app)
        let tomorrow = Self.stamp(now.addingTimeInterval(86_400))
        let upload = try await maker.request(
            "POST", "/admin/rates",
            body: """
                provider,effective_at,pair,rate
                NBC,\(tomorrow),USD/THB,"36.10"
                NBC,\(tomorrow),KHR/THB,0.0085400
                NBC,\(tomorrow),THB/USD,0.0277008
                NBC,\(tomorrow),THB/KHR,117.1000
                """, headers: Self.csv)
        #expect(upload.status == 201 && upload.json["source"] as? String == "csv", "\(upload.text)")
        let id = try #require(upload.json["id"] as? String)
        let inForce = (try await quoteTH(app)).json["rate"] as? [String: Any] ?? [:]
        #expect(try await checker.post("/admin/rates/\(id)/approve", "{}").status == 200)
        #expect(
            ((try await quoteTH(app)).json["rate"] as? [String: Any])?["snapshot_id"] as? String == inForce["snapshot_id"] as? String,
            "a snapshot effective tomorrow is not used today")
        let history = try await checker.get("/admin/rates/history?provider=NBC").json["data"] as? [[String: Any]] ?? []
        #expect(history.first?["id"] as? String == id && history.first?["in_force_from"] as? String == tomorrow)
        let current = try #require(history.first { $0["id"] as? String == inForce["snapshot_id"] as? String })
        #expect(current["in_force_until"] as? String == tomorrow)
        #expect(history.contains { $0["source"] as? String == "rates/ (sample)" && $0["in_force_until"] is String }, "\(history)")
        let listed = try await checker.get("/admin/rates?status=approved&provider=NBC").json["data"] as? [[String: Any]] ?? []
        #expect(listed.first?["id"] as? String == id)

        // Older than the latest approved: refused. The same id twice: refused.
        let stale = try await maker.request(
            "POST", "/admin/rates", body: "provider: NBC\neffective_at: \(Self.stamp(now.addingTimeInterval(3600)))\nrates:\n  USD/THB: \"35.00\"\n",
            headers: Self.yaml)
        #expect(stale.status == 409 && stale.errorCode == 2013 && (stale.error["message"] as? String)?.contains(id) == true, "\(stale.text)")
        // Reject: with a reason, by the other key; then it can no longer be approved.
        let later = Self.stamp(now.addingTimeInterval(2 * 86_400))
        let second = try await maker.request(
            "POST", "/admin/rates", body: "provider: NBC\neffective_at: \(later)\nrates:\n  USD/THB: \"40.00\"\n", headers: Self.yaml)
        let secondID = try #require(second.json["id"] as? String)
        #expect(try await checker.post("/admin/rates/\(secondID)/reject", "{}").errorCode == 2000, "a rejection needs a reason")
        let rejected = try await checker.post("/admin/rates/\(secondID)/reject", #"{"reason":"typo in USD/THB"}"#)
        #expect(rejected.json["status"] as? String == "rejected" && rejected.json["decision_note"] as? String == "typo in USD/THB")
        #expect(try await checker.post("/admin/rates/\(secondID)/approve", "{}").status == 409)
        #expect(
            try await maker.request(
                "POST", "/admin/rates", body: "provider: NBC\neffective_at: \(later)\nrates:\n  USD/THB: \"40.00\"\n",
                headers: Self.yaml
            ).status == 409, "the id stays taken")

        // Bad files: every fault named.
        let cases: [(String, [(String, String)], String)] = [
            ("provider,effective_at,pair,rate\nNBC,\(later),USD/THB,35.12345678901\n", Self.csv, "line 2.rate"),
            ("provider,effective_at,pair\nNBC,\(later),USD/THB\n", Self.csv, "rate"),
            ("provider,effective_at,pair,rate\nNBC,\(later),USD/XXX,35\n", Self.csv, "line 2.pair"),
            ("provider,effective_at,pair,rate\nNBC,\(later),USD/THB,35\nBNM,\(later),USD/MYR,4.4\n", Self.csv, "line 3.provider"),
            ("provider: NBC\neffective_at: yesterday\nrates:\n  USD/THB: \"35\"\n", Self.yaml, "effective_at"),
            ("provider: NBC\neffective_at: \(later)\nrates:\n  USD/THB: \"35,1\"\n", Self.yaml, "USD/THB"),
            ("provider: ECB\neffective_at: \(later)\nrates:\n  USD/THB: \"35\"\n", Self.yaml, "ECB"),
            ("provider: NBC\neffective_at: \(later)\nsample: true\nrates:\n  USD/THB: \"35\"\n", Self.yaml, "sample"),
            (#"{"provider":"NBC"}"#, [("Content-Type", "application/json")], "YAML"),
        ]
        for (body, headers, mention) in cases {
            let reply = try await maker.request("POST", "/admin/rates", body: body, headers: headers)
            #expect(
                reply.status == 400 && reply.errorCode == 2000 && (reply.error["message"] as? String)?.contains(mention) == true,
                "\(body) → \(reply.status) \(reply.text)")
        }
        #expect(try await maker.get("/admin/rates/NBC@1999-01-01T00:00:00Z").status == 404)
    }

    @Test("past its provider's maximum age a snapshot is refused with 3003; an approved upload restores quotes")
    func staleness() async throws {
        let stack = try await MekongStack.treasury()
        let maker = try await stack.newKey(role: "treasury")
        let checker = try await stack.newKey(role: "treasury")
        let app = try await stack.newApp()
        // This stack gives BNM a 20 s maximum age; the sample was stamped at start-up.
        func quoteMY() async throws -> TestClient.Reply {
            try await app.post("/v1/quotes", #"{"corridor":"KH-MY","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
        }
        var refused = try await quoteMY()
        for _ in 0..<300 where refused.status == 201 {
            try await Task.sleep(for: .milliseconds(100))
            refused = try await quoteMY()
        }
        #expect(refused.status == 503 && refused.errorCode == 3003, "\(refused.text)")
        #expect((refused.error["message"] as? String)?.contains("maximum age") == true)
        let now = try await gatewayNow(app)
        let upload = try await maker.request(
            "POST", "/admin/rates",
            body: """
                provider: BNM
                effective_at: \(Self.stamp(now))
                rates:
                  USD/MYR: "4.4600"
                  MYR/USD: "0.2242152"
                """, headers: Self.yaml)
        let id = try #require(upload.json["id"] as? String, "\(upload.text)")
        #expect(try await checker.post("/admin/rates/\(id)/approve", "{}").status == 200)
        let quote = try await quoteMY()
        #expect(quote.status == 201 && (quote.json["rate"] as? [String: Any])?["snapshot_id"] as? String == id, "\(quote.text)")
    }

    @Test("a gateway with no rates/ files starts, prices from the snapshots treasury approved, and refuses with 3003 where there are none")
    func noRateFiles() async throws {
        let stack = try await MekongStack.treasury()
        let maker = try await stack.newKey(role: "treasury")
        let checker = try await stack.newKey(role: "treasury")
        let app = try await stack.newApp()
        // Make sure NBC has an approved snapshot in force, whatever ran before.
        let now = try await gatewayNow(app)
        let upload = try await maker.request(
            "POST", "/admin/rates",
            body: """
                provider: NBC
                effective_at: \(Self.stamp(now.addingTimeInterval(-0.5)))
                rates:
                  USD/THB: "34.60"
                """, headers: Self.yaml)
        if let id = upload.json["id"] as? String { #expect(try await checker.post("/admin/rates/\(id)/approve", "{}").status == 200) }
        let empty = stack.workDirectory + "/no-rates"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let bare = try await stack.startAnotherGateway(
            clockStartAt: RFC3339.string(from: try await gatewayNow(app)),
            settings: ["MEKONG_PATHS_RATES": empty])
        var quote = try await bare.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
        for _ in 0..<50 where quote.status != 201 {
            try await Task.sleep(for: .milliseconds(100))
            quote = try await bare.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
        }
        let snapshot = try #require((quote.json["rate"] as? [String: Any])?["snapshot_id"] as? String, "\(quote.text)")
        let approved = try await checker.get("/admin/rates?status=approved&provider=NBC&limit=100").json["data"] as? [[String: Any]] ?? []
        #expect(approved.contains { $0["id"] as? String == snapshot }, "priced from an approved snapshot, not a file: \(snapshot)")
        // PBOC has no file here and nothing approved on this stack: KH-CN shows no snapshot.
        let corridors = try await bare.get("/v1/corridors").json["data"] as? [[String: Any]] ?? []
        let alipay = try #require(corridors.first { $0["id"] as? String == "KH-CN" }, "\(corridors)")
        #expect(alipay["rate_snapshot_id"] as? String == nil, "\(alipay)")
    }
}
