import Foundation
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
        let waitingOne = try await app.get("/v1/payments/\(ids.last!)").json
        #expect((waitingOne["hold"] as? [String: Any])?["code"] as? Int == 5002 || waitingOne["state"] as? String == "CROSS_BORDER_SETTLED")

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
}
