import Foundation
import Glibc
import MekongCore
import Testing

/// RELIABILITY 3, crash anywhere: a gateway is SIGKILLed at random instants while clients pay
/// through it, again and again (100 kills in CI, 300 with MEKONG_LONG_FORM=1). The stack's own
/// gateway stays up and, with the next gateway started after each kill, sweeps up what the dead
/// one left: payments committed but not handed off, hand-offs whose lease ran out.
/// Every payment ends settled, or — rarely, after several kills caught the same payment
/// between its hand-off and the partner — TIMEOUT (3001) once each of its allowed sends was lost
/// and an inquiry found nothing at the partner; never anything in between.
///
/// RELIABILITY 6, outbox atomicity, is checked on the same run: over 10,000 transitions, with
/// every kill rolling back whatever statement was under way and instances losing races to one
/// another (a lost compare-and-set changes nothing), each committed transition has its event
/// and no event exists without its transition.
@Suite("Crash anywhere: SIGKILL during dispatch", .serialized)
struct CrashTests {
    struct Ledger: Decodable {
        struct Transfer: Decodable {
            let corridor: String
            let instructionId: String
            let amount: String
            let status: String
        }
        let transfers: [Transfer]
    }

    actor Accepted {
        var ids: Set<String> = []
        func add(_ id: String) { ids.insert(id) }
    }

    @Test(
        "after every kill and one recovery sweep: nothing accepted is lost, every payment in one state, finals unchanged, at most one transfer per payment, and the ledgers agree"
    )
    func sigkillLoop() async throws {
        let stack = try await MekongStack.isolated(label: "crash")
        let app = try await stack.newApp()
        // The key's partition: a test key's payments are stored under `<client>.test` (ClientPartition).
        let clientID = try await stack.sql(
            "SELECT client_id || CASE WHEN prefix LIKE 'mk_test_%' THEN '.test' ELSE '' END FROM api_keys ORDER BY created_at DESC LIMIT 1")
        let kills = LongForm.count(short: 100, long: 300)
        let accepted = Accepted()
        var killedWithWorkUnderWay = 0
        let started = Date()
        // At least `kills` kills, and on until the payments make 10,000 transitions (five each).
        let paymentsWanted = LongForm.count(short: 2_000, long: 6_000)
        var round = 0
        var made = 0
        while round < kills || (made < paymentsWanted && round < kills * 3) {
            defer { round += 1 }
            let (gateway, process) = try await stack.startGatewayProcess()
            let thisRound = round
            let victim = TestClient(baseURL: gateway.baseURL, key: app.key)
            let payers = (0..<4).map { payer in
                Task {
                    var sent = 0
                    while !Task.isCancelled {
                        sent += 1
                        guard
                            let reply = try? await stack.pay(
                                victim, amount: "\(10 + (thisRound * 7 + payer + sent) % 90).00",
                                key: "crash-\(thisRound)-\(payer)-\(sent)")
                        else { return }
                        if reply.status == 201, let id = reply.json["id"] as? String { await accepted.add(id) }
                    }
                }
            }
            // Anywhere from just after start-up to well into dispatch.
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...400)))
            let inFlight = try await stack.sql(
                "SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state IN ('FX_PENDING','CORRIDOR_PROCESSING')")
            if (Int(inFlight) ?? 0) > 0 { killedWithWorkUnderWay += 1 }
            process.send(SIGKILL)
            _ = try await process.waitForExit(seconds: 10)
            for payer in payers { payer.cancel() }
            for payer in payers { await payer.value }
            made = Int(try await stack.sql("SELECT count(*) FROM payments WHERE client_id = '\(clientID)'")) ?? 0
        }
        let killing = Date().timeIntervalSince(started)

        // Recovery: the stack's gateway sweeps; leases run out after the partner timeout + 5 s.
        let recoveryStarted = Date()
        var unsettled = "?"
        while Date().timeIntervalSince(recoveryStarted) < 60 {
            unsettled = try await stack.sql(
                "SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state NOT IN ('CROSS_BORDER_SETTLED', 'TIMEOUT')")
            if unsettled == "0" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let recovery = Date().timeIntervalSince(recoveryStarted)
        var stuck = ""
        if unsettled != "0" {
            // What each payment left was doing, for whoever reads the failure.
            stuck =
                (try? await stack.sql(
                    """
                    SELECT id, state, version, dispatch_attempts, inquiry_attempts, next_action_at - now(), needs_review, partner_reference
                    FROM payments WHERE client_id = '\(clientID)' AND state NOT IN ('CROSS_BORDER_SETTLED', 'TIMEOUT') ORDER BY id LIMIT 20
                    """)) ?? "(could not read them)"
        }
        #expect(unsettled == "0", "every payment reaches its final state after the crashes (\(unsettled) left):\n\(stuck)")

        let ids = await accepted.ids
        let stored = Set(try await stack.sql("SELECT id FROM payments WHERE client_id = '\(clientID)'").split(separator: "\n").map(String.init))
        // A payment may end in TIMEOUT (3001) only as designed: every send it was allowed
        // (max_dispatch_attempts, 2 here) was lost — a kill between committing the hand-off and
        // the partner receiving it counts as a send, since no one can tell the two apart — and
        // an inquiry then found nothing at the partner (checked against its ledger below).
        let timedOut = Set(
            try await stack.sql("SELECT id FROM payments WHERE client_id = '\(clientID)' AND state = 'TIMEOUT'")
                .split(separator: "\n").map(String.init))
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state = 'TIMEOUT'
                AND (dispatch_attempts < 2 OR error_code IS DISTINCT FROM 3001)
                """) == "0", "a TIMEOUT only after every allowed send, with 3001")
        let settled = stored.subtracting(timedOut)
        #expect(ids.isSubset(of: stored), "every 201 is a stored payment: \(ids.subtracting(stored).count) lost")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM (SELECT payment_id FROM payment_history h JOIN payments p ON p.id = h.payment_id
                WHERE p.client_id = '\(clientID)' AND h.to_state IN ('CROSS_BORDER_SETTLED','SETTLED','REJECTED','TIMEOUT','ERROR')
                GROUP BY payment_id HAVING count(*) > 1) twice
                """) == "0", "no payment reached a final state twice")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments p WHERE client_id = '\(clientID)'
                AND version <> (SELECT max(version) FROM payment_history h WHERE h.payment_id = p.id)
                """) == "0", "each payment's state is the last row of its history")

        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        // Outbox: the events match the transitions one to one.
        let transitions =
            Int(
                try await stack.sql(
                    """
                    SELECT count(*) FROM payment_history h JOIN payments p ON p.id = h.payment_id WHERE p.client_id = '\(clientID)'
                    """)) ?? 0
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments p WHERE p.client_id = '\(clientID)' AND
                  (SELECT array_agg(version ORDER BY version) FROM payment_history h WHERE h.payment_id = p.id) IS DISTINCT FROM
                  (SELECT array_agg(sequence ORDER BY sequence) FROM outbox_events e WHERE e.aggregate_id = p.id AND e.type = 'payment.state_changed')
                """) == "0", "every transition has exactly one state_changed event with its sequence, and no event is without its transition")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM outbox_events e JOIN payments p ON p.id = e.aggregate_id
                WHERE p.client_id = '\(clientID)' AND e.type = 'payment.settled'
                """) == "\(settled.count)", "one payment.settled event per settled payment")
        #expect(transitions >= paymentsWanted * 5, "10,000 transitions or more (\(transitions))")

        let ledger = try decoder.decode(Ledger.self, from: Data(try await stack.partner.get("/ledger").body))
        let mine = ledger.transfers.filter { $0.corridor == "KH-TH" && stored.contains($0.instructionId) }
        let perReference = Dictionary(grouping: mine, by: \.instructionId)
        #expect(
            perReference.values.allSatisfy { $0.count == 1 },
            "at most one transfer per payment: \(perReference.filter { $0.value.count > 1 }.keys.sorted().prefix(5))")
        #expect(Set(perReference.keys) == settled, "every settled payment has its transfer, and no timed-out one has any")
        let sandboxTotal = try mine.reduce(Int64(0)) { $0 + (try Money(parsing: $1.amount, currency: .THB)).minorUnits }
        let gatewayTotal =
            Int64(
                try await stack.sql(
                    "SELECT COALESCE(sum(destination_minor), 0) FROM payments WHERE client_id = '\(clientID)' AND state = 'CROSS_BORDER_SETTLED'"))
            ?? -1
        #expect(sandboxTotal == gatewayTotal, "the sandbox's total equals the gateway's settled total")
        #expect(
            round >= kills && killedWithWorkUnderWay >= kills / 4,
            "the kills landed during dispatch (\(killedWithWorkUnderWay) of \(round) with payments in flight)")
        print(
            "CrashTests: \(transitions) transitions, each with its event; \(round) kills in \(Int(killing)) s, \(killedWithWorkUnderWay) with payments in flight; \(stored.count) payments (\(ids.count) answered 201), \(timedOut.count) timed out after every allowed send was lost, recovered in \(String(format: "%.1f", recovery)) s; \(mine.count) transfers, 0 duplicates; THB \(Money(minorUnits: gatewayTotal, currency: .THB).decimalString) on both ledgers"
        )
    }
}
