import Foundation
import Testing

/// The 10,000-event burst, on a stack of its own.
///
/// It runs in `scripts/test`'s one-at-a-time phase. In the parallel phase the machine's two cores
/// were shared with a dozen other gateways, and the run measured that: about 55 deliveries
/// a second instead of about 600 when run alone. So the wait fails on a stall (no new event at
/// the receiver for `stallLimit`), not on a total time. The rate is printed here, and
/// `scripts/bench` measures throughput.
@Suite("Webhook burst: 10,000 events reach a real local receiver, none lost")
struct WebhookBurstTests {
    static let events = 10_000
    static let stallLimit: TimeInterval = 60

    @Test("a burst of 10,000 events reaches the receiver: none lost, duplicates only with the same webhook-id")
    func burst() async throws {
        let stack = try await MekongStack.burst()
        let client = try await stack.newApp()
        let name = "burst-\(UUID().uuidString.prefix(8))"
        let reply = try await client.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL(name))","events":["payment.state_changed"]}"#)
        #expect(reply.status == 201, "\(reply.text)")
        let prefix = String(try #require(client.key).prefix(12))
        let tag = "evt_burst\(UInt32.random(in: 0...UInt32.max))_"
        let started = Date()
        let insert = try await TestProcess.run(
            "/usr/bin/psql",
            [
                stack.databaseURL, "-qc",
                """
                INSERT INTO outbox_events (id, aggregate_id, sequence, type, payload, created_at, client_id)
                SELECT '\(tag)' || g, 'burst', g, 'payment.state_changed',
                       json_build_object('id', '\(tag)' || g, 'type', 'payment.state_changed', 'data', json_build_object('sequence', g))::jsonb,
                       now(), (SELECT client_id || CASE WHEN prefix LIKE 'mk_test_%' THEN '.test' ELSE '' END FROM api_keys WHERE prefix = '\(prefix)')
                FROM generate_series(1, \(Self.events)) g
                """,
            ], environment: ProcessInfo.processInfo.environment)
        #expect(insert.status == 0, "\(insert.output)")

        var summary: [String: Any] = [:]
        var distinct = 0
        var lastProgress = Date()
        while distinct < Self.events, Date().timeIntervalSince(lastProgress) < Self.stallLimit {
            try await Task.sleep(for: .milliseconds(200))
            summary = try await stack.partner.get("/sandbox/receiver/\(name)?summary=1&prefix=\(tag)").json
            let now = summary["distinctIds"] as? Int ?? 0
            if now > distinct { (distinct, lastProgress) = (now, Date()) }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(distinct == Self.events, "stalled for \(Int(Self.stallLimit)) s at \(distinct): \(summary)")
        #expect(summary["count"] as? Int ?? 0 >= Self.events, "every distinct event arrived at least once: \(summary)")
        print("webhook burst: \(distinct) events delivered in \(String(format: "%.1f", elapsed)) s (\(Int(Double(distinct) / elapsed)) per second)")
    }
}
