import Foundation
import MekongCore
import Testing

/// A day of sandbox traffic reconciled against the partners' own settlement files, with a
/// discrepancy of every class injected into the file.
@Suite("Reconciliation: partner settlement files against Mekong's payments", .serialized)
struct ReconciliationTests {
    /// Today in Asia/Phnom_Penh (and Bangkok, the same offset).
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Phnom_Penh")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    static func tomorrowJustAfterMidnight() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Bangkok")!
        let start = calendar.startOfDay(for: Date().addingTimeInterval(86_400))
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        return String(format: "%04d-%02d-%02d 00:00:05", parts.year!, parts.month!, parts.day!)
    }

    func settled(_ stack: MekongStack, _ app: TestClient, beneficiary: String = "1234567890", corridor: String = "KH-TH") async throws -> String {
        let created = try await stack.pay(app, corridor: corridor, amount: "10.00", beneficiary: beneficiary)
        return try #require(created.json["id"] as? String, "\(created.text)")
    }

    @Test(
        "every class of discrepancy is found exactly; re-import changes nothing; a corrected file replaces the run and keeps the history; exceptions are resolved with a note"
    )
    func dayOfTraffic() async throws {
        let stack = try await MekongStack.reconciliation()
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        let hook = try await app.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL("recon"))","events":["reconciliation.daily"]}"#)
        #expect(hook.status == 201, "\(hook.text)")
        var ids: [String] = []
        for _ in 0..<5 { ids.append(try await settled(stack, app)) }
        let rejected = try await settled(stack, app, beneficiary: "0000002001")
        for id in ids { #expect(try await stack.waitFor(id, as: app)["state"] as? String == "CROSS_BORDER_SETTLED") }
        #expect(try await stack.waitFor(rejected, as: app)["state"] as? String == "REJECTED")

        let date = Self.today()
        let file = try await stack.partner.get("/sandbox/settlement/KH-TH?date=\(date)").text
        var lines = file.split(separator: "\n").map(String.init)
        #expect(lines.first == "txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb")
        #expect(lines.count == 6, "five settled transfers: \(file)")
        func line(_ id: String) -> Int { lines.firstIndex { $0.hasPrefix(id + ",") }! }
        // p1 twice; p2's amount off by one baht; p3 missing; p4 settled after midnight; p5 clean;
        // an unknown reference; the rejected payment shown as settled.
        func amount(_ id: String) throws -> Money {
            try Money(parsing: lines[line(id)].split(separator: ",", omittingEmptySubsequences: false)[1].description, currency: .THB)
        }
        let p1Amount = try amount(ids[0])
        let p3Amount = try amount(ids[2])
        lines.append(lines[line(ids[0])])
        var p2 = lines[line(ids[1])].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let p2Amount = try Money(parsing: p2[1], currency: .THB)
        p2[1] = Money(minorUnits: p2Amount.minorUnits + 100, currency: .THB).decimalString
        lines[line(ids[1])] = p2.joined(separator: ",")
        var p4 = lines[line(ids[3])].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        p4[4] = Self.tomorrowJustAfterMidnight()
        lines[line(ids[3])] = p4.joined(separator: ",")
        lines.remove(at: line(ids[2]))
        lines.append("pay_NOT_AT_MEKONG,100.00,THB,9999999999,\(date) 10:00:00,5.00")
        lines.append("\(rejected),340.78,THB,0000002001,\(date) 10:00:01,5.00")
        let body = lines.joined(separator: "\n") + "\n"

        let first = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-TH&date=\(date)", body: body, headers: [("Content-Type", "text/csv")])
        #expect(first.status == 201, "\(first.text)")
        let report = first.json
        let totals = report["totals"] as? [String: [String: Any]] ?? [:]
        func count(_ kind: String) -> Int? { totals[kind]?["count"] as? Int }
        #expect(count("matched") == 2 && count("duplicate_in_file") == 1 && count("amount_mismatch") == 1 && count("timing") == 1, "\(report)")
        #expect(count("missing_at_gateway") == 1 && count("state_mismatch") == 1 && count("missing_in_file") == 1, "\(report)")
        // KH-TH is prefunded: the file's total (the partner's view of the account's movement)
        // differs from the position ledger's by the duplicate, the baht, the unknown row and the
        // rejected payment, less the missing one.
        let difference = p1Amount.minorUnits + 100 + 10_000 + 34_078 - p3Amount.minorUnits
        #expect(count("position_mismatch") == 1, "\(report)")
        #expect(totals["position_mismatch"]?["value"] as? String == Money(minorUnits: difference, currency: .THB).decimalString, "\(report)")
        #expect(report["total_transactions"] as? Int == 7 && report["currency"] as? String == "THB")
        #expect(report["fees"] as? String == "35.00", "seven rows at THB 5.00")
        let runID = try #require(report["id"] as? String)
        let exceptions = try await ops.get("/admin/reconciliations/\(runID)/exceptions").json["data"] as? [[String: Any]] ?? []
        let byClass = Dictionary(grouping: exceptions, by: { $0["class"] as? String ?? "" }).mapValues { $0.map { $0["reference"] as? String ?? "" } }
        #expect(
            byClass == [
                "duplicate_in_file": [ids[0]], "amount_mismatch": [ids[1]], "missing_in_file": [ids[2]], "timing": [ids[3]],
                "missing_at_gateway": ["pay_NOT_AT_MEKONG"], "state_mismatch": [rejected], "position_mismatch": ["position:KH-TH"],
            ], "\(exceptions)")

        // The same file again: nothing changes, the same report.
        let again = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-TH&date=\(date)", body: body, headers: [("Content-Type", "text/csv")])
        #expect(again.status == 200 && again.json["id"] as? String == runID && again.text == first.text)
        #expect((try await ops.get("/admin/reconciliations/\(runID)/exceptions").json["data"] as? [[String: Any]])?.count == 7)

        // Resolve one, with a note (audited).
        let exceptionID = try #require(exceptions.first { $0["class"] as? String == "missing_at_gateway" }?["id"] as? String)
        let resolved = try await ops.post(
            "/admin/reconciliations/exceptions/\(exceptionID)/resolve", #"{"note":"PromptPay test row, confirmed with their desk"}"#)
        #expect(
            resolved.json["status"] as? String == "resolved" && resolved.json["note"] as? String == "PromptPay test row, confirmed with their desk")
        #expect(try await ops.post("/admin/reconciliations/exceptions/\(exceptionID)/resolve", #"{"note":"again"}"#).status == 404)
        #expect(
            (try await ops.get("/admin/audit?target=\(exceptionID)").json["data"] as? [[String: Any]])?.first?["action"] as? String
                == "reconciliation.resolve")

        // A corrected file (no duplicate, no unknown row) replaces the run; the first is kept, superseded.
        var correctedLines = lines.filter { !$0.hasPrefix("pay_NOT_AT_MEKONG") }
        if let repeated = correctedLines.lastIndex(where: { $0.hasPrefix(ids[0] + ",") }) { correctedLines.remove(at: repeated) }
        let corrected = correctedLines.joined(separator: "\n") + "\n"
        let second = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-TH&date=\(date)", body: corrected, headers: [("Content-Type", "text/csv")])
        #expect(second.status == 201 && second.json["id"] as? String != runID, "\(second.text)")
        let secondTotals = second.json["totals"] as? [String: [String: Any]] ?? [:]
        #expect(secondTotals["duplicate_in_file"]?["count"] as? Int == 0 && secondTotals["missing_at_gateway"]?["count"] as? Int == 0)
        let history = try await ops.get("/admin/reconciliations?corridor=KH-TH&date=\(date)").json["data"] as? [[String: Any]] ?? []
        #expect(history.map { $0["status"] as? String } == ["current", "superseded"])
        let old = try await ops.get("/admin/reconciliations/\(runID)/exceptions?status=superseded").json["data"] as? [[String: Any]] ?? []
        #expect(old.count == 6, "the first run's open exceptions are superseded, the resolved one stays resolved")
        let csv = try await ops.get("/admin/reconciliations/\(second.json["id"] as? String ?? "")?format=csv").text
        #expect(csv.hasPrefix("class,count,value,currency\nmatched,2,") && csv.contains("net_settlement,,"), "\(csv)")

        // reconciliation.daily reached the app, with its own totals.
        var daily: [String: Any] = [:]
        for _ in 0..<100 {
            let received = try await stack.received("recon")
            if let body = received.last?["body"] as? String, let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] {
                daily = object["data"] as? [String: Any] ?? [:]
                if received.count >= 2 { break }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(daily["date"] as? String == date && daily["corridor"] as? String == "KH-TH" && daily["total_transactions"] as? Int == 3, "\(daily)")
        #expect((daily["net_settlement"] as? [String: String])?["currency"] == "THB")
    }

    @Test("a batch payment still in CORRIDOR_PROCESSING that DuitNow's file shows settled is promoted through the state machine")
    func batchPromotion() async throws {
        let stack = try await MekongStack.reconciliation()
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        #expect(try await stack.partner.post("/sandbox/faults/duitnow", #"{"mode":"hold"}"#).status == 200)
        let created = try await stack.pay(app, corridor: "KH-MY", amount: "20.00")
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        let processing = try await stack.waitFor(id, as: app) { $0["state"] as? String == "CORRIDOR_PROCESSING" }
        #expect(processing["state"] as? String == "CORRIDOR_PROCESSING")
        let destination = try Money(parsing: (processing["destination"] as? [String: String])?["amount"] ?? "", currency: .MYR)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Kuala_Lumpur")!
        let now = Date()
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: now)
        let local = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d+08:00", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
        let file = "EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen\n\(id);\(destination.minorUnits);MYR;1234567890;\(local);100\n"
        let reply = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-MY&date=\(Self.today())", body: file, headers: [("Content-Type", "text/csv")])
        #expect(reply.status == 201 && (reply.json["promoted"] as? [String]) == [id], "\(reply.text)")
        let payment = try await app.get("/v1/payments/\(id)").json
        #expect(payment["state"] as? String == "CROSS_BORDER_SETTLED", "\(payment)")
        #expect((payment["history"] as? [[String: Any]])?.last?["detail"] as? String == "settled in the KH-MY settlement file of \(Self.today())")
        #expect(try await stack.partner.post("/sandbox/faults/duitnow", #"{"mode":"none"}"#).status == 200)
        // Bad files are refused with the line at fault.
        let bad = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-MY&date=\(Self.today())",
            body: "EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen\nx;12.5;MYR;a;b;0\n")
        #expect(bad.status == 400 && (bad.error["message"] as? String)?.contains("line 2") == true, "\(bad.text)")
        #expect(try await ops.request("POST", "/admin/reconciliations?corridor=KH-LA&date=\(Self.today())", body: "x\n").errorCode == 2006)
        #expect(try await app.get("/admin/reconciliations").status == 403)
    }

    @Test("mekong reconcile prints the report and the open exceptions, or the report as JSON or CSV")
    func cli() async throws {
        let stack = try await MekongStack.reconciliation()
        let ops = try #require(try await stack.newKey(role: "ops").key)
        // Yesterday: a day of its own for this test.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Phnom_Penh")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(-86_400))
        let date = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let header = try await stack.partner.get("/sandbox/settlement/KH-TH?date=\(date)").text
        let path = stack.workDirectory + "/kh-th-\(date).csv"
        try (header + "pay_UNKNOWN_TO_MEKONG,55.00,THB,1234567890,\(date) 09:30:00,5.00\n").write(toFile: path, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["MEKONG_URL"] = stack.gatewayURL
        environment["MEKONG_KEY"] = ops
        let table = try await TestProcess.run(
            MekongStack.binary, ["reconcile", "--corridor", "KH-TH", "--date", date, path], environment: environment)
        #expect(table.status == 0, "\(table.output)")
        #expect(table.output.contains("reconciliation rec_") && table.output.contains("missing_at_gateway  1      55.00"), "\(table.output)")
        #expect(table.output.contains("pay_UNKNOWN_TO_MEKONG") && table.output.contains("net settlement 50.00"), "\(table.output)")
        let asCSV = try await TestProcess.run(
            MekongStack.binary, ["reconcile", "--corridor", "KH-TH", "--date", date, path, "--csv"], environment: environment)
        #expect(asCSV.output.contains("missing_at_gateway,1,55.00,THB"), "\(asCSV.output)")
        let bad = try await TestProcess.run(MekongStack.binary, ["reconcile", "--corridor", "KH-XX", "--date", date, path], environment: environment)
        #expect(bad.status != 0)
    }

    @Test("Alipay's file (KH-CN, inbound, USD, Shanghai time) is matched by Alipay's own reference")
    func inboundAlipay() async throws {
        let stack = try await MekongStack.reconciliation()
        let ops = try await stack.newKey(role: "ops")
        var references: [String] = []
        for n in 0..<2 {
            let reference = "ALI-RECON-\(n)-\(UUID().uuidString.prefix(6))"
            let sent = try await stack.sendInbound("KH-CN", reference: reference, amount: "500.00")
            #expect((200..<300).contains(sent.status), "\(sent.text)")
            references.append(reference)
        }
        for reference in references {
            var status = ""
            for _ in 0..<100 {
                status = try await stack.partner.get("/sandbox/inbound/KH-CN/\(reference)").json["trade_status"] as? String ?? ""
                if status == "TRADE_SUCCESS" { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(status == "TRADE_SUCCESS")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        let shanghaiDay = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let file = try await stack.partner.get("/sandbox/settlement/KH-CN?date=\(shanghaiDay)").text
        var lines = file.split(separator: "\n").map(String.init).filter { line in references.contains { line.contains($0) } }
        #expect(lines.count == 2, "\(file)")
        // Five cents off on the second: beyond the one-cent tolerance.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: String])
        let changed = Money(minorUnits: try Money(parsing: object["settle_amount"] ?? "", currency: .USD).minorUnits + 5, currency: .USD)
        lines[1] = lines[1].replacingOccurrences(
            of: #""settle_amount":"\#(object["settle_amount"]!)""#, with: #""settle_amount":"\#(changed.decimalString)""#)
        let reply = try await ops.request(
            "POST", "/admin/reconciliations?corridor=KH-CN&date=\(Self.today())", body: lines.joined(separator: "\n") + "\n",
            headers: [("Content-Type", "application/x-ndjson")])
        #expect(reply.status == 201, "\(reply.text)")
        let totals = reply.json["totals"] as? [String: [String: Any]] ?? [:]
        #expect(
            totals["matched"]?["count"] as? Int == 1 && totals["amount_mismatch"]?["count"] as? Int == 1
                && reply.json["currency"] as? String == "USD",
            "\(reply.text)")
        let exceptions =
            try await ops.get("/admin/reconciliations/\(reply.json["id"] as? String ?? "")/exceptions").json["data"] as? [[String: Any]] ?? []
        #expect(Set(exceptions.compactMap { $0["reference"] as? String }) == [references[1], "position:KH-CN"], "\(exceptions)")
        // KH-CN's USD account: the file says five cents more came in than its ledger's inbound credits.
        #expect(totals["position_mismatch"]?["value"] as? String == "0.05", "\(reply.text)")
    }
}
