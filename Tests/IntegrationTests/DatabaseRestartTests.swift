import Foundation
import Testing

/// RELIABILITY.md, "Also include": connection loss. A statement caught by the shutdown on a
/// connection PostgreSQL closed would never end in the PostgreSQL client
/// (`DatabaseDeadlineTests`); the gateway's database deadline turns it into a 503 for a request
/// and a retry for the dispatcher, so every request here gets an answer.
@Suite("Connection loss: PostgreSQL restarted under load")
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
                            quote = try await stack.app.post(
                                "/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"25.00","currency":"USD"}}"#)
                        } catch {
                            await load.failure("quote sent at \(sent.timeIntervalSince(load.startedAt)) s: \(error)")
                            continue
                        }
                        await load.record(quote.status, code: quote.errorCode, at: Date(), sent: sent)
                        guard quote.status == 201, let quoteID = quote.json["id"] as? String else {
                            try await Task.sleep(for: .milliseconds(100))
                            continue
                        }
                        let paySent = Date()
                        let paid: TestClient.Reply
                        do {
                            paid = try await stack.app.post(
                                "/v1/payments", MekongStack.paymentBody(quoteID: quoteID),
                                idempotencyKey: "restart-\(worker)-\(index)")
                        } catch {
                            await load.failure("payment sent at \(paySent.timeIntervalSince(load.startedAt)) s: \(error)")
                            continue
                        }
                        await load.record(
                            paid.status, code: paid.errorCode, at: Date(), sent: paySent,
                            acceptedID: paid.status == 201 ? paid.json["id"] as? String : nil)
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
                await load.mark(restarting: Date())
                try database.start()
                await load.mark(up: Date())
            }
            try await group.waitForAll()
        }

        let failures = await load.failures
        #expect(failures.isEmpty, "every request is answered: \(failures)")
        let statuses = await load.statuses
        #expect(statuses.allSatisfy { [200, 201, 503].contains($0.status) }, "only success or 503: \(Set(statuses.map(\.status)))")
        #expect(statuses.filter { $0.status == 503 }.allSatisfy { $0.code == 4002 || $0.code == 3003 })
        #expect(statuses.contains { $0.status == 503 }, "the outage was seen")
        let up = try #require(await load.upAt)
        let down = try #require(await load.downAt)
        // The watch finds the outage within about a second (two refused pings 0.5 s apart):
        // from then until PostgreSQL is back, a new request is turned away with 503 at once.
        // (Requests already waiting for a connection wait for the restart, up to the database
        // deadline.)
        // Until the restart begins: PostgreSQL accepts connections before `pg_ctl start` returns,
        // and a request sent in between may rightly be served.
        let restarting = try #require(await load.restartingAt)
        let sentWhileDown = statuses.filter { $0.sent > down.addingTimeInterval(1.5) && $0.sent < restarting }
        #expect(sentWhileDown.allSatisfy { $0.status == 503 }, "requests sent while PostgreSQL was known down: \(sentWhileDown.map(\.status))")
        #expect(
            statuses.contains { $0.status == 201 && $0.at > up }, "payments are accepted again after the restart, without a restart of the gateway")
        #expect(stack.gateway.isRunning)

        let accepted = await load.accepted
        #expect(accepted.count > 0)
        for id in accepted {
            let view = try await stack.waitFor(id, seconds: 30)
            #expect(view["state"] as? String == "CROSS_BORDER_SETTLED", "\(id): \(view["state"] ?? "?")")
        }
        // One transfer each at the partner (its whole ledger, read once).
        let transfers = try await stack.partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        var sent: [String: Int] = [:]
        for transfer in transfers { if let id = transfer["instruction_id"] as? String { sent[id, default: 0] += 1 } }
        let notOnce = accepted.filter { sent[$0] != 1 }
        #expect(notOnce.isEmpty, "payments without exactly one transfer: \(notOnce.map { "\($0): \(sent[$0] ?? 0)" })")
        let settledAfter = Date().timeIntervalSince(up)
        let slowest = await load.slowestAnswer
        print(
            "DatabaseRestartTests: \(statuses.count) answers (\(statuses.filter { $0.status == 503 }.count) × 503; \(sentWhileDown.count) sent while known down, all 503), slowest \(String(format: "%.1f", slowest)) s; "
                + "\(accepted.count) payments accepted, all settled once \(String(format: "%.1f", settledAfter)) s after PostgreSQL was back")
        stack.gateway.stop()
        stack.sandbox.stop()
        try? database.stop()
    }
}

/// What the load saw, in order.
private actor Load {
    let startedAt = Date()
    private(set) var failures: [String] = []
    private(set) var statuses: [(status: Int, code: Int?, at: Date, sent: Date)] = []
    private(set) var accepted: [String] = []
    private(set) var downAt: Date?
    private(set) var upAt: Date?
    private(set) var restartingAt: Date?
    /// The longest a request waited for its answer, in seconds.
    private(set) var slowestAnswer: TimeInterval = 0

    func record(_ status: Int, code: Int?, at: Date, sent: Date, acceptedID: String? = nil) {
        statuses.append((status, code, at, sent))
        slowestAnswer = max(slowestAnswer, at.timeIntervalSince(sent))
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
    func mark(restarting: Date) { restartingAt = restarting }
}
