import Foundation
import Glibc
import Testing

/// RELIABILITY 7, several instances: three gateway processes on one PostgreSQL. (That each
/// batch cycle runs once with three instances is `DuitNowCorridorTests` "payments through
/// three gateways gather into cycles…".)
@Suite("Several instances: three gateways on one database", .serialized)
struct SeveralInstancesTests {
    static let stack = Task { try await MekongStack.isolated(label: "instances") }

    @Test("payments spread over three instances are each dispatched once: one send and one transfer per payment")
    func dispatchedOnce() async throws {
        let stack = try await Self.stack.value
        let (b, processB) = try await stack.startGatewayProcess()
        let (c, processC) = try await stack.startGatewayProcess()
        defer {
            processB.stop()
            processC.stop()
        }
        let app = try await stack.newApp()
        let gateways = [app, TestClient(baseURL: b.baseURL, key: app.key), TestClient(baseURL: c.baseURL, key: app.key)]
        let count = 300
        var ids: [String] = []
        try await withThrowingTaskGroup(of: String.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask {
                    let reply = try await stack.pay(gateways[index % 3], amount: "\(5 + index % 40).00", key: "three-\(index)")
                    guard reply.status == 201, let id = reply.json["id"] as? String else { throw StackError("\(reply.status) \(reply.text)") }
                    return id
                }
            }
            for _ in 0..<12 { add() }
            while let id = try await group.next() {
                ids.append(id)
                if next < count { add() }
            }
        }
        let clientID = try await stack.sql("SELECT client_id FROM payments WHERE id = '\(try #require(ids.first))'")
        var open = "?"
        for _ in 0..<120 {
            open = try await stack.sql("SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state <> 'CROSS_BORDER_SETTLED'")
            if open == "0" { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(open == "0")
        let stored = try await stack.sql("SELECT count(*) FROM payments WHERE client_id = '\(clientID)'")
        #expect(stored == "\(count)")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM (SELECT e.payment_id FROM partner_exchanges e JOIN payments p ON p.id = e.payment_id
                WHERE p.client_id = '\(clientID)' AND e.method = 'POST' GROUP BY e.payment_id HAVING count(*) > 1) twice
                """) == "0", "no payment sent twice")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payment_history h JOIN payments p ON p.id = h.payment_id
                WHERE p.client_id = '\(clientID)' AND h.event = 'handed_to_partner'
                """) == "\(count)", "one hand-off per payment")
        let ledger = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        let mine = ledger.compactMap { $0["instruction_id"] as? String }.filter { Set(ids).contains($0) }
        #expect(mine.count == count && Set(mine).count == count, "one transfer per payment at the partner")
    }

    @Test("the leases of an instance killed mid-call are taken over by another within the lease plus one sweep interval")
    func leaseTakeOver() async throws {
        let stack = try await Self.stack.value
        let (b, processB) = try await stack.startGatewayProcess()
        let (_, processC) = try await stack.startGatewayProcess()
        defer { processC.stop() }
        let app = try await stack.newApp()
        let victim = TestClient(baseURL: b.baseURL, key: app.key)
        #expect(try await stack.partner.post("/sandbox/faults/promptpay", #"{"mode":"hold"}"#).status == 200)
        var ids: [String] = []
        for index in 0..<10 {
            let reply = try await stack.pay(victim, amount: "20.00", key: "lease-\(index)")
            ids.append(try #require(reply.json["id"] as? String, "\(reply.text)"))
        }
        let list = ids.map { "'\($0)'" }.joined(separator: ",")
        var handedOff = "0"
        for _ in 0..<100 {
            handedOff = try await stack.sql("SELECT count(*) FROM payments WHERE id IN (\(list)) AND state = 'CORRIDOR_PROCESSING'")
            if handedOff == "10" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(handedOff == "10", "all ten are with the partner, on B's lease")
        let leases = try await stack.sql("SELECT id, extract(epoch FROM next_action_at) FROM payments WHERE id IN (\(list))")
            .split(separator: "\n").reduce(into: [String: Double]()) { found, line in
                let cells = line.split(separator: "|")
                found[String(cells[0])] = Double(cells[1])
            }
        processB.send(SIGKILL)
        _ = try await processB.waitForExit(seconds: 10)
        let killedAt = Date()
        #expect(try await stack.partner.post("/sandbox/faults/promptpay", #"{"mode":"none"}"#).status == 200)

        var settled = "0"
        for _ in 0..<120 {
            settled = try await stack.sql("SELECT count(*) FROM payments WHERE id IN (\(list)) AND state = 'CROSS_BORDER_SETTLED'")
            if settled == "10" { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(settled == "10", "every payment B had leased settles through another instance")
        // When another instance first acted on each payment: its status inquiry.
        let firstInquiries = try await stack.sql(
            """
            SELECT payment_id, extract(epoch FROM min(at)) FROM partner_exchanges WHERE payment_id IN (\(list)) AND method = 'GET' GROUP BY payment_id
            """
        ).split(separator: "\n").reduce(into: [String: Double]()) { found, line in
            let cells = line.split(separator: "|")
            found[String(cells[0])] = Double(cells[1])
        }
        let sweep = 0.1
        let allowance = 1.5  // the stack's sweep interval; scheduling on a loaded 2-core machine
        var worst = 0.0
        for id in ids {
            let lease = try #require(leases[id])
            let first = try #require(firstInquiries[id], "\(id) was inquired about")
            worst = max(worst, first - lease)
            #expect(first <= lease + sweep + allowance, "\(id): taken over \(String(format: "%.2f", first - lease)) s after its lease ran out")
            #expect(first >= lease - 0.05, "\(id): not taken before its lease ran out")
        }
        let ledger = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        let mine = ledger.compactMap { $0["instruction_id"] as? String }.filter { Set(ids).contains($0) }
        #expect(mine.count == 10 && Set(mine).count == 10, "one transfer each, the dead instance's send included")
        print(
            "SeveralInstancesTests: B killed with 10 leases; taken over at most \(String(format: "%.2f", worst)) s after each lease ran out; settled \(String(format: "%.1f", Date().timeIntervalSince(killedAt))) s after the kill"
        )
    }
}
