import Foundation
import Testing

@Suite("Operations: live corridor control with an append-only audit trail")
struct OperationsTests {
    func psql(_ stack: MekongStack, _ sql: String) async throws -> (status: Int32, output: String) {
        try await TestProcess.run("/usr/bin/psql", [stack.databaseURL, "-tAc", sql], environment: ProcessInfo.processInfo.environment)
    }

    actor Tally {
        var accepted = 0
        func add(_ reply: TestClient.Reply) { if reply.status == 201 { accepted += 1 } }
    }

    @Test(
        "disabling KH-TH while 1,000 payments are in flight: nothing is handed off after the toggle, new ones get 5001 with the reason, held ones go when it reopens"
    )
    func toggleUnderLoad() async throws {
        // A stack of its own: the sandbox's whole ledger is this test's.
        let stack = try await MekongStack.isolated(label: "toggle")
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        let count = 1000
        // Quotes made before the toggle; payments from them race the toggle.
        let prepared = try await withThrowingTaskGroup(of: String.self) { group in
            var ids: [String] = []
            for index in 0..<count {
                if index >= 16, let id = try await group.next() { ids.append(id) }
                group.addTask {
                    let quote = try await app.post(
                        "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
                    guard let id = quote.json["id"] as? String else { throw StackError("quote: \(quote.text)") }
                    return id
                }
            }
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(prepared.count == count)
        let tally = Tally()
        async let created = withThrowingTaskGroup(of: TestClient.Reply.self) { group in
            var replies: [TestClient.Reply] = []
            for (index, quote) in prepared.enumerated() {
                if index >= 64, let reply = try await group.next() { replies.append(reply) }
                group.addTask {
                    // The sandbox's slow account answers after a second, so hand-offs queue up behind
                    // the dispatch workers and most payments are still waiting when ops disable.
                    let reply = try await app.post(
                        "/v1/payments", MekongStack.paymentBody(quoteID: quote, beneficiary: "0000000408"),
                        idempotencyKey: UUID().uuidString)
                    await tally.add(reply)
                    return reply
                }
            }
            for try await reply in group { replies.append(reply) }
            return replies
        }
        // Toggle once nine in ten are accepted: most of them still waiting for a dispatch worker.
        while await tally.accepted < count * 9 / 10 { try await Task.sleep(for: .milliseconds(5)) }
        let disabled = try await ops.post("/admin/corridors/KH-TH/disable", #"{"reason":"PromptPay incident INC-42"}"#)
        #expect(disabled.status == 200, "\(disabled.text)")
        // Hand-offs that committed before the toggle may still be talking to the partner: let
        // them finish (the partner timeout is 2 s) before counting what reached it.
        try await Task.sleep(for: .seconds(2.5))
        let handedOffAtToggle = (try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []).count
        let replies = try await created
        let accepted = replies.filter { $0.status == 201 }.compactMap { $0.json["id"] as? String }
        let refused = replies.filter { $0.status != 201 }
        #expect(refused.allSatisfy { $0.errorCode == 5001 && ($0.error["message"] as? String)?.contains("INC-42") == true })
        try await Task.sleep(for: .seconds(2))
        let ledger = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        #expect(ledger.count == handedOffAtToggle, "nothing reached the partner after the toggle committed (held payments retry every 2 s)")
        // Each waiting payment meets the closed corridor at its hand-off and is held (5001); let
        // the dispatch workers reach them all.
        let clientID = try await psql(stack, "SELECT client_id FROM payments WHERE id = '\(try #require(accepted.first))'").output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for _ in 0..<100 {
            let waiting = try await psql(
                stack, "SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state = 'FX_PENDING' AND hold_code IS NULL")
            if waiting.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        var held = 0
        for id in accepted {
            let payment = try await app.get("/v1/payments/\(id)").json
            if payment["state"] as? String == "FX_PENDING" {
                held += 1
                #expect((payment["hold"] as? [String: Any])?["code"] as? Int == 5001)
            }
        }
        let fresh = try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(fresh.errorCode == 5001 && fresh.error["rule"] as? String == "KH-TH.operations")
        let overview = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        let th = try #require(overview.first { $0["id"] as? String == "KH-TH" })
        #expect(th["state"] as? String == "closed_by_ops" && th["reason"] as? String == "PromptPay incident INC-42" && th["since"] is String)
        #expect(th["queue_depth"] as? Int == held)
        let audit = try await ops.get("/admin/audit?target=KH-TH").json["data"] as? [[String: Any]] ?? []
        #expect(audit.first?["action"] as? String == "corridor.disable")
        #expect(audit.first?["actor_key_id"] is String && audit.first?["source_address"] is String)
        #expect((audit.first?["after"] as? [String: Any])?["reason"] as? String == "PromptPay incident INC-42", "before and after are JSON objects")

        // Reopen: everything held goes out, once.
        #expect(try await ops.post("/admin/corridors/KH-TH/enable", #"{"reason":"resolved"}"#).status == 200)
        for id in accepted { #expect(try await stack.waitFor(id, as: app, seconds: 60)["state"] as? String == "CROSS_BORDER_SETTLED") }
        let after = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        #expect(Set(after.compactMap { $0["instruction_id"] as? String }).count == after.count, "no payment sent twice")
        #expect(Set(accepted).isSubset(of: Set(after.compactMap { $0["instruction_id"] as? String })))
        print("toggle under load: \(accepted.count) accepted, \(refused.count) refused after the toggle, \(held) held and released")
    }

    @Test("audit rows cannot be updated, deleted or truncated, even by the service's own role")
    func auditIsAppendOnly() async throws {
        let stack = try await MekongStack.ops()
        let ops = try await stack.newKey(role: "ops")
        _ = try await ops.post("/admin/corridors/KH-VN/disable", #"{"reason":"audit test"}"#)
        _ = try await ops.post("/admin/corridors/KH-VN/enable", "")
        #expect(
            try await psql(stack, "SELECT count(*) FROM audit_log WHERE target = 'KH-VN'").output.trimmingCharacters(in: .whitespacesAndNewlines)
                == "2")
        for sql in ["UPDATE audit_log SET action = 'forged'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
            let result = try await psql(stack, sql)
            #expect(result.status != 0 && result.output.contains("append-only"), "\(sql): \(result.output)")
        }
        #expect(
            try await psql(stack, "SELECT count(*) FROM audit_log WHERE action = 'forged'").output.trimmingCharacters(in: .whitespacesAndNewlines)
                == "0")
    }

    @Test("only ops (and admin) toggle corridors; apps cannot see the admin API")
    func roles() async throws {
        let stack = try await MekongStack.ops()
        let app = try await stack.newApp()
        let treasury = try await stack.newKey(role: "treasury")
        #expect(try await app.get("/admin/corridors").status == 403)
        #expect(try await app.post("/admin/corridors/KH-MY/disable", #"{"reason":"x"}"#).errorCode == 1003)
        #expect(try await treasury.post("/admin/corridors/KH-MY/disable", #"{"reason":"x"}"#).errorCode == 1003)
        #expect(try await treasury.get("/admin/corridors").status == 200)
        let ops = try await stack.newKey(role: "ops")
        #expect(try await ops.post("/admin/corridors/KH-MY/disable", "{}").errorCode == 2000, "a reason is required")
        #expect(try await ops.get("/v1/corridors").status == 403, "ops keys do not use the app API")
    }
}
