import Foundation
import Glibc
import Testing

/// Crash while batches form and commit: 64 clients pay at once through a gateway, so its
/// accepts are grouped into batched statements, and the gateway is SIGKILLed at a random
/// instant, again and again (20 kills; 60 with MEKONG_LONG_FORM=1). Afterwards:
/// - every request answered 201 is a stored payment, with that id;
/// - every request left unanswered is stored whole (payment, history, events and its
///   idempotency record, all or nothing) or not at all;
/// - a retry of every request with its Idempotency-Key, on the surviving gateway, answers 201
///   with the payment already stored if there is one, and otherwise stores it now: one payment
///   per key in the end, never two;
/// - every payment is dispatched and settles once.
@Suite("Crash while batches form: SIGKILL during group commit", .serialized)
struct BatchKillTests {
    struct Attempt: Sendable {
        let key: String
        let body: String
        let status: Int?
        let id: String?
    }

    actor Attempts {
        var all: [Attempt] = []
        var answered = 0
        func add(_ attempt: Attempt) {
            all.append(attempt)
            if attempt.status == 201 { answered += 1 }
        }
    }

    @Test("every 201 exists; every unanswered request is stored whole or not at all; a retry with its key answers right; one payment per key")
    func killDuringBatches() async throws {
        let stack = try await MekongStack.isolated(label: "batch-crash")
        let app = try await stack.newApp()
        // The key's partition: a test key's payments are stored under `<client>.test` (ClientPartition).
        let clientID = try await stack.sql(
            "SELECT client_id || CASE WHEN prefix LIKE 'mk_test_%' THEN '.test' ELSE '' END FROM api_keys ORDER BY created_at DESC LIMIT 1")
        let kills = LongForm.count(short: 20, long: 60)
        let attempts = Attempts()
        for round in 0..<kills {
            // Quotes first, from the stack's own gateway, so the victim only accepts.
            var quotes: [String] = []
            for _ in 0..<128 {
                let quote = try await app.post(
                    "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"\#(10 + round % 80).00","currency":"USD"}}"#)
                guard let id = quote.json["id"] as? String else { throw StackError("quote failed: \(quote.status) \(quote.text)") }
                quotes.append(id)
            }
            let (gateway, process) = try await stack.startGatewayProcess()
            let victim = TestClient(baseURL: gateway.baseURL, key: app.key)
            let roundQuotes = quotes
            let payers = (0..<64).map { payer in
                Task {
                    for (index, quote) in roundQuotes.enumerated() where index % 64 == payer {
                        let key = "batch-crash-\(round)-\(index)"
                        let body = MekongStack.paymentBody(quoteID: quote)
                        let reply = try? await victim.post("/v1/payments", body, idempotencyKey: key)
                        await attempts.add(Attempt(key: key, body: body, status: reply?.status, id: reply?.json["id"] as? String))
                    }
                }
            }
            // Kill once the gateway is well under way: after a random number of answers in this
            // round, and a random moment more, so that batches are being formed and committed.
            let before = await attempts.answered
            let wanted = Int.random(in: 1...48)
            let waitStarted = Date()
            while await attempts.answered - before < wanted, Date().timeIntervalSince(waitStarted) < 20 {
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...20)))
            process.send(SIGKILL)
            _ = try await process.waitForExit(seconds: 10)
            for payer in payers { await payer.value }
        }

        let all = await attempts.all
        let answered = all.filter { $0.status == 201 }
        let unanswered = all.filter { $0.status == nil }
        // Stored as one: each idempotency record of these keys names a payment that exists, and
        // each payment has its record, its three history rows and its three events.
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM idempotency_keys k LEFT JOIN payments p ON p.id = k.resource_id
                WHERE k.client_id = '\(clientID)' AND k.key LIKE 'batch-crash-%' AND k.response_status = 201 AND p.id IS NULL
                """) == "0", "no idempotency record without its payment")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments p WHERE p.client_id = '\(clientID)' AND (
                    NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.client_id = p.client_id AND k.resource_id = p.id)
                    OR (SELECT count(*) FROM payment_history h WHERE h.payment_id = p.id AND h.version <= 3) <> 3
                    OR (SELECT count(*) FROM outbox_events e WHERE e.aggregate_id = p.id AND e.sequence <= 3) <> 3)
                """) == "0", "no payment without its idempotency record, history and events")
        let stored = Dictionary(
            uniqueKeysWithValues: try await stack.sql(
                """
                SELECT key, resource_id FROM idempotency_keys WHERE client_id = '\(clientID)' AND key LIKE 'batch-crash-%' AND response_status = 201
                """
            ).split(separator: "\n").map { line in
                let parts = line.split(separator: "|").map(String.init)
                return (parts[0], parts[1])
            })
        for attempt in answered {
            #expect(stored[attempt.key] == attempt.id, "answered 201 with \(attempt.id ?? "?") under \(attempt.key): that payment is stored")
        }

        // Retry everything on the surviving gateway, as a client would.
        var created = 0
        for attempt in all {
            let retry = try await app.post("/v1/payments", attempt.body, idempotencyKey: attempt.key)
            #expect(retry.status == 201, "a retry of \(attempt.key) answers 201, not \(retry.status): \(retry.text)")
            let id = retry.json["id"] as? String
            if let before = stored[attempt.key] {
                #expect(id == before, "the retry of \(attempt.key) answers the payment stored before the kill")
            } else {
                created += 1
            }
        }
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM (SELECT quote_id FROM payments WHERE client_id = '\(clientID)' GROUP BY quote_id HAVING count(*) > 1) twice
                """) == "0")
        #expect(
            try await stack.sql("SELECT count(*) FROM payments WHERE client_id = '\(clientID)'") == "\(all.count)",
            "one payment per key in the end")

        // The victims dispatch too, so a kill can also fall between a hand-off's commit and the
        // partner: as in CrashTests, a payment may then end TIMEOUT (3001), and only once every
        // send it was allowed (2 here) was lost; everything else settles. A hand-off a victim
        // committed is inquired about only when its lease (the slowest partner timeout + 5 s)
        // runs out, hence the long wait.
        let deadline = Date().addingTimeInterval(180)
        var unsettled = "?"
        while Date() < deadline {
            unsettled = try await stack.sql(
                "SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state NOT IN ('CROSS_BORDER_SETTLED', 'TIMEOUT')")
            if unsettled == "0" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let stuck =
            unsettled == "0"
            ? ""
            : ((try? await stack.sql(
                """
                SELECT id, state, version, dispatch_attempts, inquiry_attempts, next_action_at - now(), needs_review
                FROM payments WHERE client_id = '\(clientID)' AND state NOT IN ('CROSS_BORDER_SETTLED', 'TIMEOUT') ORDER BY id LIMIT 20
                """)) ?? "")
        #expect(unsettled == "0", "every payment reaches a final state after the kills (\(unsettled) left):\n\(stuck)")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state = 'TIMEOUT'
                AND (dispatch_attempts < 2 OR error_code IS DISTINCT FROM 3001)
                """) == "0", "a TIMEOUT only after every allowed send, with 3001")
        let timedOut = try await stack.sql("SELECT count(*) FROM payments WHERE client_id = '\(clientID)' AND state = 'TIMEOUT'")
        #expect(unanswered.count > 0 && answered.count > 0, "the kills landed while requests were being answered")
        print(
            "BatchKillTests: \(kills) kills, \(all.count) requests, \(answered.count) answered 201, \(unanswered.count) unanswered (\(unanswered.count - created) of them stored before the kill, \(created) stored by the retry), 0 lost, 0 duplicates; \(timedOut) timed out after every allowed send was lost"
        )
    }
}
