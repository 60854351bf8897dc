import Foundation
import MekongCore
import Testing

@Suite("The mekong CLI over the admin API, as an operator uses it")
struct CLITests {
    func mekong(_ stack: MekongStack, key: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["MEKONG_URL"] = stack.gatewayURL
        environment["MEKONG_KEY"] = key
        return try await TestProcess.run(MekongStack.binary, arguments, environment: environment)
    }

    @Test("an ops key lists, disables and enables a corridor, and reads the audit trail, in tables and JSON")
    func opsToggle() async throws {
        let stack = try await MekongStack.ops()
        let ops = try #require(try await stack.newKey(role: "ops").key)
        let list = try await mekong(stack, key: ops, ["corridors", "list"])
        #expect(list.status == 0, "\(list.output)")
        #expect(list.output.hasPrefix("CORRIDOR") && list.output.contains("KH-MY") && list.output.contains("planned"))
        #expect(list.output.split(separator: "\n").allSatisfy { $0.count <= 120 }, "the table fits 120 columns:\n\(list.output)")
        let disable = try await mekong(stack, key: ops, ["corridors", "disable", "KH-MY", "--reason", "DuitNow cut-over window agreed with PayNet"])
        #expect(disable.status == 0 && disable.output.contains("DuitNow cut-over") && disable.output.contains("false"), "\(disable.output)")
        let closed = try await mekong(stack, key: ops, ["corridors", "list", "--json"])
        let data = (try JSONSerialization.jsonObject(with: Data(closed.output.utf8)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
        #expect(data.first { $0["id"] as? String == "KH-MY" }?["state"] as? String == "closed_by_ops")
        let closedList = try await mekong(stack, key: ops, ["corridors", "list"])
        #expect(
            closedList.output.split(separator: "\n").allSatisfy { $0.count <= 120 } && closedList.output.contains("…"),
            "a long reason is cut to fit:\n\(closedList.output)")
        let wide = try await mekong(stack, key: ops, ["corridors", "list", "--wide"])
        #expect(wide.output.contains("DuitNow cut-over window agreed with PayNet") && wide.output.contains("SINCE"), "\(wide.output)")
        #expect(try await mekong(stack, key: ops, ["corridors", "enable", "KH-MY", "--reason", "done"]).status == 0)
        let audit = try await mekong(stack, key: ops, ["audit", "--target", "KH-MY"])
        #expect(audit.output.contains("corridor.disable") && audit.output.contains("corridor.enable"), "\(audit.output)")
        let refused = try await mekong(stack, key: ops, ["corridors", "disable", "KH-ZZ", "--reason", "x"])
        #expect(refused.status != 0 && refused.output.contains("404"))
        let app = try #require(try await stack.newApp().key)
        let forbidden = try await mekong(stack, key: app, ["corridors", "list"])
        #expect(forbidden.status != 0 && forbidden.output.contains("1003"))
    }

    @Test("an admin key lists and revokes keys from the CLI")
    func keys() async throws {
        let stack = try await MekongStack.ops()
        let admin = try #require(try await stack.newKey(role: "admin").key)
        let victim = try await stack.newApp()
        let listed = try await mekong(stack, key: admin, ["keys", "list", "--json"])
        let keys = (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
        let id = try #require(keys.first { $0["prefix"] as? String == String(victim.key!.prefix(12)) }?["id"] as? String)
        #expect(try await mekong(stack, key: admin, ["keys", "revoke", id]).status == 0)
        #expect(try await victim.get("/v1/corridors").errorCode == 1001)
    }

    @Test("treasury imports CSV and YAML snapshots, reviews the diff, and a second key approves; list and history print tables and JSON")
    func rates() async throws {
        let stack = try await MekongStack.treasury()
        let maker = try #require(try await stack.newKey(role: "treasury").key)
        let checker = try #require(try await stack.newKey(role: "treasury").key)
        let quote = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1.00","currency":"USD"}}"#)
        let created = try #require(quote.json["created_at"] as? String, "\(quote.text)")
        let now = try #require(RFC3339.date(from: created))
        let first = RFC3339.string(from: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 3600).rounded(.down)))
        let csv = stack.workDirectory + "/nbc-sbv.csv"
        try """
        provider,effective_at,pair,rate
        NBC_SBV,\(first),USD/VND,26000.00
        NBC_SBV,\(first),KHR/VND,6.3190
        NBC_SBV,\(first),VND/USD,0.0000384615
        NBC_SBV,\(first),VND/KHR,0.158250
        """.write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try await mekong(stack, key: maker, ["rates", "import", csv])
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("NBC_SBV@") && imported.output.contains("pending") && imported.output.contains("USD/VND"))
        #expect(
            imported.output.contains("+2.36") && imported.output.contains("LARGE") && imported.output.contains("warning: USD/VND moves +2.36%"),
            "\(imported.output)")
        let id = "NBC_SBV@\(first)"
        let own = try await mekong(stack, key: maker, ["rates", "approve", id])
        #expect(own.status != 0 && own.output.contains("403") && own.output.contains("second treasury key"), "\(own.output)")
        let diff = try await mekong(stack, key: checker, ["rates", "diff", id])
        #expect(diff.status == 0 && diff.output.contains("PAIR") && diff.output.contains("25400.0"), "\(diff.output)")
        let approved = try await mekong(stack, key: checker, ["rates", "approve", id, "--note", "matches the SBV fixing"])
        #expect(approved.status == 0 && approved.output.contains("approved"), "\(approved.output)")
        let yaml = stack.workDirectory + "/nbc-sbv.yaml"
        let second = RFC3339.string(from: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 7200).rounded(.down)))
        try "provider: NBC_SBV\neffective_at: \(second)\nrates:\n  USD/VND: \"26010.00\"\n  VND/USD: \"0.0000384468\"\n"
            .write(toFile: yaml, atomically: true, encoding: .utf8)
        let yamlImport = try await mekong(stack, key: maker, ["rates", "import", yaml, "--json"])
        let yamlAnswer = try JSONSerialization.jsonObject(with: Data(yamlImport.output.utf8)) as? [String: Any] ?? [:]
        #expect(yamlAnswer["status"] as? String == "pending" && yamlAnswer["source"] as? String == "yaml", "\(yamlImport.output)")
        let rejected = try await mekong(stack, key: checker, ["rates", "reject", "NBC_SBV@\(second)", "--reason", "KHR/VND missing"])
        #expect(rejected.status == 0 && rejected.output.contains("rejected"))
        let pending = try await mekong(stack, key: checker, ["rates", "list", "--provider", "NBC_SBV", "--json"])
        let listed = (try JSONSerialization.jsonObject(with: Data(pending.output.utf8)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["status"] as? String } == ["rejected", "approved"], "\(pending.output)")
        let history = try await mekong(stack, key: checker, ["rates", "history", "--provider", "NBC_SBV"])
        #expect(
            history.status == 0 && history.output.hasPrefix("ID") && history.output.contains(id) && history.output.contains("rates/ (sample)"),
            "\(history.output)")
        let help = try await mekong(stack, key: checker, ["rates", "import", "--help"])
        #expect(help.output.contains("CSV") && help.output.contains("--json"))
    }

    @Test("ops schedule, list and cancel a maintenance window from the CLI")
    func maintenance() async throws {
        let stack = try await MekongStack.ops()
        let ops = try #require(try await stack.newKey(role: "ops").key)
        let scheduled = try await mekong(
            stack, key: ops,
            [
                "corridors", "maintenance", "schedule", "KH-CN", "--start", "2027-01-10T01:00:00+07:00",
                "--end", "2027-01-10T03:00:00+07:00", "--reason", "Alipay certificate rollover", "--json",
            ])
        let window = try JSONSerialization.jsonObject(with: Data(scheduled.output.utf8)) as? [String: Any] ?? [:]
        let id = try #require(window["id"] as? String, "\(scheduled.output)")
        #expect(window["starts_at"] as? String == "2027-01-09T18:00:00Z")
        let listed = try await mekong(stack, key: ops, ["corridors", "maintenance", "list", "KH-CN"])
        #expect(
            listed.output.hasPrefix("ID") && listed.output.contains(id) && listed.output.contains("Alipay certificate rollover"), "\(listed.output)")
        let cancelled = try await mekong(stack, key: ops, ["corridors", "maintenance", "cancel", "KH-CN", id])
        #expect(cancelled.status == 0 && cancelled.output.contains(id), "\(cancelled.output)")
        #expect(!(try await mekong(stack, key: ops, ["corridors", "maintenance", "list", "KH-CN"]).output.contains(id)))
        let bad = try await mekong(
            stack, key: ops, ["corridors", "maintenance", "schedule", "KH-CN", "--start", "soon", "--end", "later", "--reason", "x"])
        #expect(bad.status != 0 && bad.output.contains("2000"), "\(bad.output)")
    }
}
