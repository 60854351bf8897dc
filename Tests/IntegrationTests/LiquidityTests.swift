import Foundation
import Glibc
import Testing

/// Issue 23's core: a corridor's prefunded position, reservations taken in the hand-off
/// statement, the queue when it runs short, and top-ups and adjustments under maker-checker.
@Suite("Liquidity: prefunded positions, reservations in the hand-off, top-ups under maker-checker")
struct LiquidityTests {
    func position(_ client: TestClient, _ corridor: String) async throws -> [String: Any] {
        let positions = try await client.get("/admin/liquidity/positions").json["data"] as? [[String: Any]] ?? []
        return try #require(positions.first { $0["corridor"] as? String == corridor }, "\(positions)")
    }

    func amount(_ value: Any?) -> Decimal { Decimal(string: (value as? [String: Any])?["amount"] as? String ?? "") ?? -1 }

    @Test("1,000 payments at once against a balance that fits 600: exactly 600 go, 400 wait, nothing goes negative; a top-up sends the rest")
    func sixHundredOfAThousand() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity")
        let maker = try await stack.newKey(role: "treasury")
        let checker = try await stack.newKey(role: "treasury")
        // Bring KH-TH's available balance to exactly 600 payments of THB 3,407.87.
        let available = amount(try await position(maker, "KH-TH")["available"])
        let target = Decimal(string: "2044722.00")!
        let adjustment = try await maker.post(
            "/admin/liquidity/adjustments",
            #"{"corridor":"KH-TH","amount":{"amount":"\#(target - available)","currency":"THB"},"note":"test: room for 600"}"#)
        #expect(adjustment.status == 201, "\(adjustment.text)")
        let adjustmentID = try #require(adjustment.json["id"] as? String)
        #expect(try await maker.post("/admin/liquidity/requests/\(adjustmentID)/approve", "{}").errorCode == 1005)
        #expect(try await checker.post("/admin/liquidity/requests/\(adjustmentID)/approve", "{}").status == 200)
        #expect(amount(try await position(maker, "KH-TH")["available"]) == target)

        let app = try await stack.newApp()
        var quotes: [String] = []
        for _ in 0..<1000 {
            let quote = try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
            quotes.append(try #require(quote.json["id"] as? String, "\(quote.text)"))
        }
        var ids: [String] = []
        for chunk in stride(from: 0, to: quotes.count, by: 100).map({ Array(quotes[$0..<min($0 + 100, quotes.count)]) }) {
            ids += try await withThrowingTaskGroup(of: String?.self) { group in
                for quote in chunk {
                    group.addTask {
                        let reply = try await app.post("/v1/payments", MekongStack.paymentBody(quoteID: quote), idempotencyKey: UUID().uuidString)
                        return reply.json["id"] as? String
                    }
                }
                return try await group.reduce(into: []) { if let id = $1 { $0.append(id) } }
            }
        }
        #expect(ids.count == 1000)
        // Every payment either settles or waits for funds (5002).
        func counts() async throws -> (settled: Int, waiting: Int) {
            let row = try await stack.sql(
                """
                SELECT count(*) FILTER (WHERE state = 'CROSS_BORDER_SETTLED') || ' ' ||
                       count(*) FILTER (WHERE state = 'FX_PENDING' AND hold_code = 5002)
                FROM payments WHERE client_id LIKE '%' AND corridor_id = 'KH-TH' AND id IN ('\(ids.joined(separator: "','"))')
                """)
            let parts = row.split(separator: " ").compactMap { Int($0) }
            return (parts.first ?? 0, parts.last ?? 0)
        }
        var (settled, waiting) = (0, 0)
        for _ in 0..<600 where settled + waiting < 1000 {
            (settled, waiting) = try await counts()
            if settled + waiting < 1000 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(settled == 600 && waiting == 400, "settled \(settled), waiting \(waiting)")
        let short = try await position(maker, "KH-TH")
        #expect(amount(short["available"]) == 0 && amount(short["reserved"]) == 0, "\(short)")
        #expect(short["queued"] as? Int == 400 && short["level"] as? String == "critical")
        #expect(try await stack.sql("SELECT count(*) FROM mekong_liquidity_drift()") == "0", "the position is the sum of its entries")
        // The app sees a waiting payment's hold, with "when funded" for its time.
        let waitingID = try await stack.sql("SELECT id FROM payments WHERE corridor_id = 'KH-TH' AND hold_code = 5002 LIMIT 1")
        let waitingOne = try await app.get("/v1/payments/\(waitingID)").json
        let hold = waitingOne["hold"] as? [String: Any] ?? [:]
        #expect(hold["code"] as? Int == 5002 && hold["eta"] as? String == "when_funded" && hold["until"] == nil, "\(waitingOne)")
        #expect(waitingOne["state"] as? String == "FX_PENDING" && waitingOne["expected_settlement_at"] == nil, "\(waitingOne)")

        // A top-up for 400 more (through the CLI), approved by the second user, sends every one that waited.
        func mekong(_ key: TestClient, _ arguments: [String]) async throws -> (status: Int32, output: String) {
            var environment = stack.childEnvironment
            environment["MEKONG_URL"] = stack.gatewayURL
            environment["MEKONG_KEY"] = key.key
            return try await TestProcess.run(MekongStack.binary, ["liquidity"] + arguments, environment: environment)
        }
        let topUp = try await mekong(maker, ["topup", "KH-TH", "1363148.00", "--currency", "THB", "--note", "test: the rest", "--json"])
        let topUpID = try #require(
            (try? JSONSerialization.jsonObject(with: Data(topUp.output.utf8)) as? [String: Any])?["id"] as? String, "\(topUp.output)")
        let own = try await mekong(maker, ["approve", topUpID])
        #expect(own.status != 0 && own.output.contains("1005"), "\(own.output)")
        #expect(try await mekong(checker, ["approve", topUpID, "--note", "funded"]).status == 0)
        let positions = try await mekong(checker, ["positions"])
        #expect(positions.output.contains("KH-TH") && positions.output.contains("AVAILABLE"), "\(positions.output)")
        for _ in 0..<600 where settled < 1000 {
            (settled, waiting) = try await counts()
            if settled < 1000 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(settled == 1000 && waiting == 0, "settled \(settled), waiting \(waiting)")
        let after = try await position(maker, "KH-TH")
        #expect(amount(after["available"]) == 0 && amount(after["reserved"]) == 0, "\(after)")
        #expect(try await stack.sql("SELECT count(*) FROM mekong_liquidity_drift()") == "0")
        #expect(try await stack.sql("SELECT count(*) FROM liquidity_entries WHERE kind = 'settlement' AND corridor_id = 'KH-TH'") == "1000")
    }

    @Test("reservations through a crash: after a SIGKILL mid-flight and a restart, none is lost and none doubled, and the ledger adds up")
    func crashWithReservations() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity-crash")
        let app = try await stack.newApp()
        let (victim, process) = try await stack.startGatewayProcess()
        let client = TestClient(baseURL: victim.baseURL, key: app.key)
        var quotes: [String] = []
        for _ in 0..<200 {
            let quote = try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"50.00","currency":"USD"}}"#)
            quotes.append(try #require(quote.json["id"] as? String))
        }
        let paying = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for quote in quotes {
                    group.addTask { _ = try? await client.post("/v1/payments", MekongStack.paymentBody(quoteID: quote), idempotencyKey: quote) }
                }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .milliseconds(Int.random(in: 300...900)))
        process.send(SIGKILL)
        _ = try await process.waitForExit(seconds: 10)
        _ = try? await paying.value
        let (_, restarted) = try await stack.startGatewayProcess()
        defer { restarted.stop() }
        // Every accepted payment ends; then the reservations are all ended, each once.
        var open = "1"
        for _ in 0..<600 where open != "0" {
            open = try await stack.sql(
                "SELECT count(*) FROM payments WHERE corridor_id = 'KH-TH' AND state NOT IN ('CROSS_BORDER_SETTLED', 'REJECTED', 'TIMEOUT', 'ERROR')")
            if open != "0" { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(open == "0")
        let accepted = try await stack.sql("SELECT count(*) FROM payments WHERE corridor_id = 'KH-TH'")
        #expect((Int(accepted) ?? 0) > 0, "some payments were accepted before the kill")
        #expect(try await stack.sql("SELECT count(*) FROM mekong_liquidity_drift()") == "0", "the position is the sum of its entries")
        #expect(
            try await stack.sql(
                "SELECT count(*) FROM (SELECT payment_id FROM liquidity_entries WHERE kind = 'reservation' GROUP BY payment_id HAVING count(*) > 1) d"
            )
                == "0", "no payment reserved twice")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments p WHERE p.corridor_id = 'KH-TH' AND p.reserved_minor IS NOT NULL AND p.state <> 'ERROR'
                  AND (SELECT count(*) FROM liquidity_entries e WHERE e.payment_id = p.id AND e.kind IN ('settlement', 'release')) <> 1
                """) == "0", "every reservation ended exactly once")
        #expect(
            try await stack.sql(
                """
                SELECT count(*) FROM payments p WHERE p.corridor_id = 'KH-TH' AND p.state = 'CROSS_BORDER_SETTLED' AND p.direction = 'outbound'
                  AND NOT EXISTS (SELECT 1 FROM liquidity_entries e WHERE e.payment_id = p.id AND e.kind = 'settlement')
                """) == "0", "no settled payment without its debit")
        let reserved = try await stack.sql(
            """
            SELECT coalesce(sum(reserved_delta), 0) - coalesce((SELECT sum(reserved_minor) FROM payments WHERE corridor_id = 'KH-TH' AND state = 'ERROR'), 0)
            FROM liquidity_entries WHERE corridor_id = 'KH-TH'
            """
        )
        #expect(reserved == "0", "nothing is left reserved but by payments in ERROR")
    }

    @Test("in one hand-off statement, a stale change of a payment ahead of a current one neither blocks it nor reserves")
    func staleAheadOfCurrent() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity-stale")
        let app = try await stack.newApp()
        let id = try #require(try await stack.pay(app).json["id"] as? String)
        #expect(try await stack.waitFor(id, as: app)["state"] as? String == "CROSS_BORDER_SETTLED")
        let version = try #require(Int(try await stack.sql("SELECT version FROM payments WHERE id = '\(id)'")))
        let entries = try await stack.sql("SELECT count(*) FROM liquidity_entries")
        // A late hand-off of the payment, made from a version it no longer has (with a reservation),
        // then a change made from its current version: the second applies, the first reserves nothing.
        func call(_ expected: [Int]) -> String {
            """
            SELECT string_agg(moved::text || '/' || short_of_funds::text, ',' ORDER BY ord) FROM mekong_apply_transitions(
                ARRAY['\(id)', '\(id)'], ARRAY[\(expected[0]), \(expected[1])]::bigint[], ARRAY['CORRIDOR_PROCESSING', 'CROSS_BORDER_SETTLED'],
                ARRAY[\(expected[0] + 1), \(expected[1] + 1)]::bigint[], ARRAY[now(), now()], ARRAY[NULL, NULL]::timestamptz[],
                ARRAY[NULL, NULL]::bigint[], ARRAY[NULL, NULL]::text[], ARRAY[0, 0]::bigint[], ARRAY[NULL, NULL]::timestamptz[],
                ARRAY[NULL, NULL]::timestamptz[], ARRAY['KH-TH', NULL], ARRAY['FX_PENDING', 'CROSS_BORDER_SETTLED'],
                ARRAY['handed_to_partner', 'test_current'], ARRAY[NULL, NULL]::text[], '{}'::bigint[], '{}'::text[], '{}'::text[],
                '{}'::bigint[], '{}'::text[], '{}'::text[], '{}'::timestamptz[], '{}'::text[], '{}'::text[], '{}'::text[],
                ARRAY[100, NULL]::bigint[]) WITH ORDINALITY AS r(ord, moved, closed, closed_reason, window_id, window_corridor,
                    window_starts, window_ends, window_reason, window_created_by, window_created_at, short_of_funds)
            """
        }
        #expect(try await stack.sql(call([version - 2, version])) == "false/false,true/false")
        #expect(try await stack.sql("SELECT version FROM payments WHERE id = '\(id)'") == String(version + 1))
        #expect(try await stack.sql("SELECT count(*) FROM liquidity_entries") == entries, "the stale hand-off reserved nothing")
        #expect(try await stack.sql("SELECT count(*) FROM mekong_liquidity_drift()") == "0")
    }

    @Test("a settled inbound credit and a processed refund come back into the account, as the spec says")
    func inboundAndRefund() async throws {
        let stack = try await MekongStack.isolated(label: "liquidity-moves")
        let treasury = try await stack.newKey(role: "treasury")
        func balance(_ corridor: String) async throws -> Decimal { amount(try await position(treasury, corridor)["balance"]) }
        let before = try await balance("KH-TH")
        let reference = "LIQ\(UInt32.random(in: 0...UInt32.max))"
        let inbound = try await stack.sendInbound("KH-TH", reference: reference, amount: "1000.00", creditCurrency: "KHR")
        #expect(inbound.status == 202, "\(inbound.text)")
        var credited = try await balance("KH-TH")
        for _ in 0..<300 where credited == before {
            try await Task.sleep(for: .milliseconds(100))
            credited = try await balance("KH-TH")
        }
        #expect(credited - before == Decimal(string: "1000.00"), "THB 1,000 came in: \(before) → \(credited)")

        let paid = try await stack.pay(stack.app, amount: "100.00")
        let paidID = try #require(paid.json["id"] as? String)
        #expect(try await stack.waitFor(paidID)["state"] as? String == "CROSS_BORDER_SETTLED")
        let afterPayment = try await balance("KH-TH")
        #expect(credited - afterPayment == Decimal(string: "3407.87"))
        let refund = try await stack.app.post("/v1/payments/\(paidID)/refunds", "", idempotencyKey: UUID().uuidString)
        let refundID = try #require(refund.json["id"] as? String, "\(refund.text)")
        var state = ""
        for _ in 0..<300 where state != "PROCESSED" {
            state = try await stack.app.get("/v1/refunds/\(refundID)").json["state"] as? String ?? ""
            if state != "PROCESSED" { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(try await balance("KH-TH") == credited, "the refund's THB 3,407.87 came back")
        #expect(try await stack.sql("SELECT count(*) FROM mekong_liquidity_drift()") == "0")
    }

    @Test("a corridor that refuses on a shortfall refuses at acceptance (5003), and the dry run says so")
    func refusal() async throws {
        // A Tuesday morning in Ho Chi Minh City, so that KH-VN (business hours) is open.
        let stack = try await MekongStack.isolated(label: "liquidity-refuse", settings: ["MEKONG_CLOCK_START_AT": "2026-12-01T09:00:00+07:00"])
        let treasury = try await stack.newKey(role: "treasury")
        let checker = try await stack.newKey(role: "treasury")
        // KH-VN refuses on a shortfall: with its account brought down to VND 1,000,000, a larger payment is refused at once.
        let vn = amount(try await position(treasury, "KH-VN")["available"])
        let adjustment = try await treasury.post(
            "/admin/liquidity/adjustments",
            #"{"corridor":"KH-VN","amount":{"amount":"\#(Decimal(1_000_000) - vn)","currency":"VND"},"note":"test: nearly empty"}"#)
        let adjustmentID = try #require(adjustment.json["id"] as? String, "\(adjustment.text)")
        #expect(try await checker.post("/admin/liquidity/requests/\(adjustmentID)/approve", "{}").status == 200)
        let body = #"{"corridor":"KH-VN","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#
        let dryRun = try await stack.app.post("/v1/payments/dry-run", body)
        #expect(dryRun.json["would_accept"] as? Bool == false, "\(dryRun.text)")
        #expect((dryRun.json["refusal"] as? [String: Any])?["code"] as? Int == 5003, "\(dryRun.text)")
        let refused = try await stack.pay(stack.app, corridor: "KH-VN", amount: "100.00")
        #expect(refused.status == 503 && refused.errorCode == 5003 && refused.error["rule"] as? String == "KH-VN.liquidity", "\(refused.text)")
        let small = try await stack.pay(stack.app, corridor: "KH-VN", amount: "20.00")
        #expect(small.status == 201, "VND for USD 20 fits: \(small.text)")
    }
}
