import Foundation
import MekongCore
import Testing

/// Issue 23's treasury side: marks over the spec's and the events a crossing sends, the
/// forecast from the sandbox's weeks of flows, and the ledger's movements read back.
@Suite("Liquidity for treasury: marks and alerts, the 24-hour forecast, movement history")
struct LiquidityTreasuryTests {
    func position(_ client: TestClient, _ corridor: String) async throws -> [String: Any] {
        let positions = try await client.get("/admin/liquidity/positions").json["data"] as? [[String: Any]] ?? []
        return try #require(positions.first { $0["corridor"] as? String == corridor }, "\(positions)")
    }

    func amount(_ value: Any?) -> String { (value as? [String: Any])?["amount"] as? String ?? "" }

    func mekong(_ stack: MekongStack, _ key: TestClient, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        var environment = stack.childEnvironment
        environment["MEKONG_URL"] = stack.gatewayURL
        environment["MEKONG_KEY"] = key.key
        return try await TestProcess.run(MekongStack.binary, ["liquidity"] + arguments, environment: environment)
    }

    @Test(
        "crossing treasury's marks sends liquidity.low, then liquidity.critical, to the treasury webhooks that name them; the board and metrics show the level"
    )
    func marksAndAlerts() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity-marks")
        let treasury = try await stack.newKey(role: "treasury")
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()

        // Only treasury keys subscribe to liquidity events, and to nothing else.
        let url = stack.receiverURL("treasury-alerts")
        let appTry = try await app.post("/v1/webhooks", #"{"url":"\#(url)","events":["liquidity.low"]}"#)
        #expect(appTry.status == 400 && appTry.text.contains("treasury"), "\(appTry.text)")
        let wrong = try await treasury.post("/v1/webhooks", #"{"url":"\#(url)","events":["payment.settled"]}"#)
        #expect(wrong.status == 400, "\(wrong.text)")
        let subscribed = try await treasury.post("/v1/webhooks", #"{"url":"\#(url)","events":["liquidity.low","liquidity.critical"]}"#)
        #expect(subscribed.status == 201, "\(subscribed.text)")

        let start = try await position(treasury, "KH-TH")
        #expect(start["level"] as? String == "ok" && start["marks_from"] as? String == "spec", "\(start)")
        let available = try Money(parsing: amount(start["available"]), currency: .THB)
        func thb(_ minor: Int64) -> String { Money(minorUnits: available.minorUnits + minor, currency: .THB).decimalString }

        // Marks that are not marks.
        let upsideDown = try await treasury.request(
            "PUT", "/admin/liquidity/positions/KH-TH/marks",
            body: #"{"low_water":{"amount":"100.00","currency":"THB"},"critical":{"amount":"200.00","currency":"THB"}}"#)
        #expect(upsideDown.status == 400 && upsideDown.text.contains("critical"), "\(upsideDown.text)")
        let inDollars = try await treasury.request(
            "PUT", "/admin/liquidity/positions/KH-TH/marks",
            body: #"{"low_water":{"amount":"100.00","currency":"USD"},"critical":{"amount":"50.00","currency":"USD"}}"#)
        #expect(inDollars.status == 400 && inDollars.text.contains("THB"), "\(inDollars.text)")
        let notPrefunded = try await treasury.request(
            "PUT", "/admin/liquidity/positions/KH-LA/marks",
            body: #"{"low_water":{"amount":"100.00","currency":"USD"},"critical":{"amount":"50.00","currency":"USD"}}"#)
        #expect(notPrefunded.status == 404, "\(notPrefunded.text)")
        #expect(
            try await ops.request(
                "PUT", "/admin/liquidity/positions/KH-TH/marks",
                body: #"{"low_water":{"amount":"100.00","currency":"THB"},"critical":{"amount":"50.00","currency":"THB"}}"#
            ).errorCode == 1003)

        // Low water just above what is available: low.
        let low = try await treasury.request(
            "PUT", "/admin/liquidity/positions/KH-TH/marks",
            body: #"{"low_water":{"amount":"\#(thb(100))","currency":"THB"},"critical":{"amount":"1.00","currency":"THB"}}"#)
        #expect(low.status == 200 && low.json["marks_from"] as? String == "treasury" && low.json["level"] as? String == "low", "\(low.text)")
        #expect(try await waitUntil { try await stack.received("treasury-alerts").count >= 1 })
        // Then the critical mark above it too: critical.
        let critical = try await mekong(stack, treasury, ["marks", "KH-TH", "--low-water", thb(200), "--critical", thb(100), "--currency", "THB"])
        #expect(critical.status == 0 && critical.output.contains("critical"), "\(critical.output)")
        #expect(try await waitUntil { try await stack.received("treasury-alerts").count >= 2 })

        let received = try await stack.received("treasury-alerts")
        let bodies = received.compactMap { delivery -> [String: Any]? in
            guard let body = delivery["body"] as? String else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        }
        #expect(bodies.map { $0["type"] as? String } == ["liquidity.low", "liquidity.critical"], "\(bodies)")
        let first = bodies.first?["data"] as? [String: Any] ?? [:]
        #expect(
            first["corridor"] as? String == "KH-TH" && first["level"] as? String == "low" && first["previous_level"] as? String == "ok", "\(first)")
        #expect(amount(first["available"]) == available.decimalString && amount(first["low_water"]) == thb(100), "\(first)")
        let second = bodies.last?["data"] as? [String: Any] ?? [:]
        #expect(second["level"] as? String == "critical" && second["previous_level"] as? String == "low", "\(second)")
        #expect(received.allSatisfy { (($0["headers"] as? [String: String])?["webhook-signature"] ?? "").hasPrefix("v1,") }, "signed")

        // The board, the corridor overview and the metrics agree.
        let now = try await position(treasury, "KH-TH")
        #expect(now["level"] as? String == "critical" && now["marks_set_by"] as? String != nil, "\(now)")
        let corridors = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        let overview = corridors.first { $0["id"] as? String == "KH-TH" }?["liquidity"] as? [String: Any] ?? [:]
        #expect(overview["level"] as? String == "critical" && overview["short"] as? Bool == false, "\(overview)")
        #expect(corridors.first { $0["id"] as? String == "KH-LA" }?["liquidity"] == nil, "KH-LA is not prefunded")
        let metrics = try await ops.get("/metrics").text
        #expect(
            metrics.contains(#"mekong_liquidity_level{corridor="KH-TH"} 2"#), "\(metrics.split(separator: "\n").filter { $0.contains("liquidity") })")

        // Back to the spec's marks: ok, and a return to ok sends nothing.
        let reset = try await treasury.request("DELETE", "/admin/liquidity/positions/KH-TH/marks", body: nil)
        #expect(reset.status == 200 && reset.json["marks_from"] as? String == "spec" && reset.json["level"] as? String == "ok", "\(reset.text)")
        #expect(try await waitUntil { try await stack.sql("SELECT level FROM liquidity_positions WHERE corridor_id = 'KH-TH'") == "ok" })
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await stack.received("treasury-alerts").count == 2)
        let audit = try await treasury.get("/admin/audit?target=KH-TH").json["data"] as? [[String: Any]] ?? []
        #expect(audit.filter { $0["action"] as? String == "liquidity.marks" }.count == 3, "\(audit)")
    }

    @Test(
        "the forecast: the sandbox's six weeks of flows imported, each of the next 24 hours the mean of the same hour in the last four weeks, and the top-up that keeps it above low water"
    )
    func forecast() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity-forecast")
        let treasury = try await stack.newKey(role: "treasury")

        // With no history, the forecast is empty and says so.
        let empty = try await treasury.get("/admin/liquidity/forecast/KH-TH").json
        #expect(empty["weeks_used"] as? Int == 0 && amount(empty["total_outflow"]) == "0.00", "\(empty)")

        let imported = try await mekong(stack, treasury, ["history", "KH-TH", "--from-sandbox", stack.sandboxURL, "--weeks", "6", "--json"])
        #expect(imported.status == 0 && imported.output.contains("\"hours\" : 1008"), "\(imported.output)")

        // The same history, read here, and the forecast worked out independently.
        let csv = try await stack.partner.get("/sandbox/flows/KH-TH?weeks=6").text
        var history: [String: Int64] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            history[fields[0]] = try Money(parsing: fields[1], currency: .THB).minorUnits
        }
        let answer = try await treasury.get("/admin/liquidity/forecast/KH-TH").json
        let hours = answer["hours"] as? [[String: Any]] ?? []
        #expect(hours.count == 24 && answer["weeks_used"] as? Int == 4, "\(answer)")
        var total: Int64 = 0
        for hour in hours {
            let start = try #require(RFC3339.date(from: hour["starts_at"] as? String ?? ""))
            let past = (1...4).map { history[RFC3339.string(from: start.addingTimeInterval(-Double($0) * 7 * 86_400))] }
            #expect(past.allSatisfy { $0 != nil }, "the history covers \(hour)")
            let sum = past.compactMap { $0 }.reduce(0, +)
            let mean = (sum + 2) / 4
            #expect(amount(hour["outflow"]) == Money(minorUnits: mean, currency: .THB).decimalString, "\(hour)")
            total += mean
        }
        #expect(amount(answer["total_outflow"]) == Money(minorUnits: total, currency: .THB).decimalString)
        let available = try Money(parsing: amount(answer["available"]), currency: .THB).minorUnits
        let lowWater = try Money(parsing: amount(answer["low_water"]), currency: .THB).minorUnits
        #expect(amount(answer["suggested_top_up"]) == Money(minorUnits: max(0, total + lowWater - available), currency: .THB).decimalString)
        // The board shows the same forecast.
        #expect(amount(try await position(treasury, "KH-TH")["forecast_outflow"]) == amount(answer["total_outflow"]))

        // A position brought down near low water needs a top-up of exactly the shortfall.
        let checker = try await stack.newKey(role: "treasury")
        let target = lowWater + total / 2
        func signed(_ minor: Int64) -> String { (minor < 0 ? "-" : "") + Money(minorUnits: abs(minor), currency: .THB).decimalString }
        let adjust = try await treasury.post(
            "/admin/liquidity/adjustments",
            #"{"corridor":"KH-TH","amount":{"amount":"\#(signed(target - available))","currency":"THB"},"note":"test: near low water"}"#
        )
        #expect(adjust.status == 201, "\(adjust.text)")
        #expect(try await checker.post("/admin/liquidity/requests/\(adjust.json["id"] as? String ?? "")/approve", "{}").status == 200)
        let near = try await treasury.get("/admin/liquidity/forecast/KH-TH").json
        #expect(amount(near["suggested_top_up"]) == Money(minorUnits: total - total / 2, currency: .THB).decimalString, "\(near)")

        // A history that is not one is refused, line by line.
        for (body, words) in [
            ("when,outflow\n", "header"), ("hour,outflow\n2026-11-01T10:30:00Z,5.00\n", "whole hour"),
            ("hour,outflow\n2026-11-01T10:00:00Z,-5.00\n", "line 2"), ("hour,outflow,currency\n2026-11-01T10:00:00Z,5.00,USD\n", "THB"),
            ("hour,outflow\n2026-11-01T10:00:00Z,5.00\n2026-11-01T10:00:00Z,6.00\n", "twice"),
        ] {
            let refused = try await treasury.request(
                "POST", "/admin/liquidity/history?corridor=KH-TH", body: body, headers: [("Content-Type", "text/csv")])
            #expect(refused.status == 400 && refused.text.contains(words), "\(body): \(refused.text)")
        }
    }

    @Test("the ledger's movements read back newest first, filtered by corridor, kind and time, and paged")
    func movements() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity-movements")
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        let id = try #require(try await stack.pay(app).json["id"] as? String)
        #expect(try await stack.waitFor(id, as: app)["state"] as? String == "CROSS_BORDER_SETTLED")

        let mine = try await ops.get("/admin/liquidity/entries?corridor=KH-TH").json["data"] as? [[String: Any]] ?? []
        #expect(mine.filter { $0["payment_id"] as? String == id }.map { $0["kind"] as? String } == ["settlement", "reservation"], "\(mine)")
        #expect(mine.last?["kind"] as? String == "opening" && amount(mine.last?["balance_delta"]) == "1000000000.00", "\(mine)")
        let settlement = try #require(mine.first { $0["payment_id"] as? String == id && $0["kind"] as? String == "settlement" })
        #expect(amount(settlement["balance_delta"]) == "-" + amount(mine.first { $0["kind"] as? String == "reservation" }?["reserved_delta"]))
        let openings = try await ops.get("/admin/liquidity/entries?kind=opening").json["data"] as? [[String: Any]] ?? []
        #expect(Set(openings.compactMap { $0["corridor"] as? String }) == ["KH-TH", "KH-MY", "KH-VN", "KH-CN"], "\(openings)")
        let future = try await ops.get("/admin/liquidity/entries?from=2099-01-01T00:00:00Z").json["data"] as? [[String: Any]] ?? []
        #expect(future.isEmpty)
        let page = try await ops.get("/admin/liquidity/entries?corridor=KH-TH&limit=1").json
        #expect((page["data"] as? [[String: Any]])?.count == 1 && page["has_more"] as? Bool == true, "\(page)")
        let cursor = try #require(page["next_cursor"] as? String)
        let next = try await ops.get("/admin/liquidity/entries?corridor=KH-TH&limit=1&cursor=\(cursor)").json["data"] as? [[String: Any]] ?? []
        #expect(next.first?["id"] as? String != (page["data"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try await ops.get("/admin/liquidity/entries?kind=bonus").errorCode == 2000)
        #expect(try await ops.get("/admin/liquidity/entries?corridor=KH-LA").errorCode == 2000)
        #expect(try await ops.get("/admin/liquidity/entries?from=yesterday").errorCode == 2000)
    }
}
