import Foundation
import Testing

@Suite("KH-MY DuitNow: store and forward in settlement cycles (3-second cycles under test)")
struct DuitNowCorridorTests {
    @Test("payments through three gateways gather into cycles; each cycle is submitted once and fanned out")
    func cyclesRunOnce() async throws {
        let stack = try await MekongStack.tuesday()
        let second = try await stack.startAnotherGateway()
        let third = try await stack.startAnotherGateway()
        var ids: [String] = []
        for (index, account) in ["1111222233", "0000002003", "4444555566", "7777888899", "1212343456", "5656787890"].enumerated() {
            let client = [stack.app, second, third][index % 3]
            let created = try await stack.pay(client, corridor: "KH-MY", amount: "50.00", beneficiary: account)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["expected_settlement_at"] is String, "the response says when the cycle settles")
            ids.append(try #require(created.json["id"] as? String))
        }
        var finals: [String: String] = [:]
        for id in ids {
            let final = try await stack.waitFor(id, seconds: 20)
            finals[id] = final["state"] as? String
            let history = (final["history"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
            #expect(history.contains("CORRIDOR_PROCESSING"))
            #expect(try await stack.ledgerEntries(for: id).count == 1)
        }
        #expect(finals[ids[0]] == "CROSS_BORDER_SETTLED")
        #expect(finals[ids[1]] == "REJECTED")
        #expect(finals[ids[2]] == "CROSS_BORDER_SETTLED" && finals[ids[3]] == "CROSS_BORDER_SETTLED")
        #expect(finals[ids[4]] == "CROSS_BORDER_SETTLED" && finals[ids[5]] == "CROSS_BORDER_SETTLED")
        let batches = try await stack.partner.get("/duitnow/v1/batches").json["Batches"] as? [[String: Any]] ?? []
        #expect(!batches.isEmpty)
        // One instance submits each cycle. A submission whose answer is lost (the partner timeout is
        // 5 s; a loaded CI machine reaches it) is re-submitted under the same batch id after the
        // lease, and the partner answers it from the first: still one booking per payment (above).
        #expect(batches.allSatisfy { ($0["Submissions"] as? Int ?? 0) >= 1 }, "\(batches)")
        let resubmitted = batches.filter { ($0["Submissions"] as? Int ?? 0) > 1 }.count
        if resubmitted > 0 { print("DuitNowCorridorTests: \(resubmitted) of \(batches.count) batches re-submitted after a lost answer") }
        #expect(batches.reduce(0) { $0 + ($1["NbOfTxs"] as? Int ?? 0) } == 6)
    }

    @Test("the corridor shows the next cycle; outside its hours a payment is queued for the next window")
    func queuedOffHours() async throws {
        let open = try await MekongStack.tuesday()
        let corridor = try await open.app.get("/v1/corridors/KH-MY").json
        #expect(corridor["open"] as? Bool == true)
        #expect(corridor["next_cycle_at"] is String)
        #expect(corridor["cycle_seconds"] as? Int == 3)

        // 06:00 Sunday in Phnom Penh is 07:00 in Kuala Lumpur: DuitNow opens at 08:00.
        let closed = try await MekongStack.maintenance()
        let created = try await closed.pay(closed.app, corridor: "KH-MY", amount: "20.00")
        #expect(created.status == 201, "\(created.text)")
        // The first cycle of the window: 08:00:00–08:00:03 Kuala Lumpur time.
        #expect(created.json["expected_settlement_at"] as? String == "2026-12-06T00:00:03Z")
    }
}
