import Foundation
import HTTPTypes
import HummingbirdTesting
import MekongCore
import Testing

/// RELIABILITY 19, rate snapshot races: quotes made under one snapshot are paid after treasury
/// has put a new one in force; an expired quote is refused; every amount follows the rounding
/// rules of the README ("Money and rounding"), checked here with Foundation's Decimal, apart
/// from the gateway's own fixed-point arithmetic. In process (`InProcessGateway`): quotes, rate
/// uploads and payment creation need no partner (hand-offs are refused, and not looked at).
@Suite("Rate snapshot races: the locked snapshot, expiry, and rounding for every payment", .serialized)
struct RateRaceTests {
    /// `value` rounded down to `places` decimal places.
    static func down(_ value: Decimal, _ places: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, places, .down)
        return output
    }

    /// Rules 1 and 2 for one quote or payment view: the customer rate from the reference rate
    /// and the spread, the destination amount from the source amount and the customer rate.
    static func checkRounding(_ view: [String: Any], rate: [String: Any], places: Int) throws {
        let reference = try #require(Decimal(string: rate["reference"] as? String ?? ""))
        let spread = Decimal(rate["spread_bps"] as? Int ?? -1)
        let customer = try #require(Decimal(string: (rate["customer"] as? String) ?? (view["customer_rate"] as? String) ?? ""))
        #expect(customer == down(reference * (10_000 - spread) / 10_000, 10), "rule 1: \(reference) less \(spread) bp, rounded down")
        let source = try #require(Decimal(string: (view["source"] as? [String: Any])?["amount"] as? String ?? ""))
        let destination = try #require(Decimal(string: (view["destination"] as? [String: Any])?["amount"] as? String ?? ""))
        #expect(destination == down(source * customer, places), "rule 2: \(source) × \(customer) rounded down gives \(destination)")
    }

    @Test("quotes locked under one snapshot are paid at it after another takes over; an expired quote is refused; every amount rounds as documented")
    func lockedSnapshot() async throws {
        let gateway = try await InProcessGateway.make(label: "rates", settings: ["MEKONG_QUOTES_TTL_SECONDS": "900"])
        let (app, maker) = (gateway.appKey, try #require(gateway.keys["treasury"]))
        let checker = try await gateway.newKey(role: "treasury")
        try await gateway.test { client in
            var quotes: [[String: Any]] = []
            for index in 0..<100 {
                let cents = 100 + (index * 7_919) % 99_900  // USD 1.00 to 999.99, spread out
                let amount = "\(cents / 100).\(String(format: "%02d", cents % 100))"
                let quote = try await client.call(
                    .post, "/v1/quotes", key: app,
                    body: #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"\#(amount)","currency":"USD"}}"#)
                #expect(quote.status == .created, "\(quote.text)")
                quotes.append(quote.json)
            }
            let lockedRate = try #require(quotes.first?["rate"] as? [String: Any])
            let locked = try #require(lockedRate["snapshot_id"] as? String)
            for quote in quotes { try Self.checkRounding(quote, rate: quote["rate"] as? [String: Any] ?? [:], places: 2) }

            // Treasury puts a new NBC snapshot in force: USD/THB 34.25 → 35.00.
            let effective = ISO8601DateFormatter().string(from: Date().addingTimeInterval(1))
            let upload = try await client.call(
                .post, "/admin/rates", key: maker,
                bytes: Array(
                    """
                    provider,effective_at,pair,rate
                    NBC,\(effective),USD/THB,35.00
                    NBC,\(effective),KHR/THB,0.0085300
                    NBC,\(effective),THB/USD,0.0285714
                    NBC,\(effective),THB/KHR,117.2300
                    """.utf8), contentType: "text/csv")
            let newID = try #require(upload.json["id"] as? String, "\(upload.text)")
            #expect(try await client.call(.post, "/admin/rates/\(newID)/approve", key: checker, body: "{}").status == .ok)
            var fresh: [String: Any] = [:]
            for _ in 0..<100 {
                fresh = try await client.call(
                    .post, "/v1/quotes", key: app,
                    body: #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"123.45","currency":"USD"}}"#
                ).json
                if (fresh["rate"] as? [String: Any])?["snapshot_id"] as? String == newID { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect((fresh["rate"] as? [String: Any])?["snapshot_id"] as? String == newID, "new quotes price from the new snapshot")
            try Self.checkRounding(fresh, rate: fresh["rate"] as? [String: Any] ?? [:], places: 2)

            // The old quotes, paid now, keep the snapshot, rate and amounts they locked.
            for quote in quotes {
                let id = try #require(quote["id"] as? String)
                let paid = try await client.call(
                    .post, "/v1/payments", key: app, body: MekongStack.paymentBody(quoteID: id),
                    headers: [("Idempotency-Key", UUID().uuidString)])
                #expect(paid.status == .created, "\(paid.text)")
                let payment = paid.json
                #expect(payment["snapshot_id"] as? String == locked)
                #expect(payment["customer_rate"] as? String == lockedRate["customer"] as? String)
                #expect(
                    (payment["destination"] as? [String: Any])?["amount"] as? String == (quote["destination"] as? [String: Any])?["amount"] as? String
                )
                try Self.checkRounding(payment, rate: lockedRate, places: 2)
            }
        }

        // A quote past its time is refused (2009), and no payment is made from it: on a gateway whose
        // quotes live 2 s (the one above keeps them 15 minutes, so a loaded machine cannot expire them).
        let brief = try await InProcessGateway.make(label: "rates-expiry", settings: ["MEKONG_QUOTES_TTL_SECONDS": "2"])
        try await brief.test { client in
            let late = try await client.call(
                .post, "/v1/quotes", key: brief.appKey,
                body: #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"50.00","currency":"USD"}}"#)
            let lateID = try #require(late.json["id"] as? String)
            try await Task.sleep(for: .seconds(3))
            let refused = try await client.call(
                .post, "/v1/payments", key: brief.appKey, body: MekongStack.paymentBody(quoteID: lateID),
                headers: [("Idempotency-Key", UUID().uuidString)])
            #expect(
                refused.status == .unprocessableContent && refused.errorCode == 2009
                    && (refused.error["message"] as? String)?.contains("expired") == true, "\(refused.text)")
        }
        #expect(try await brief.sql("SELECT count(*) FROM payments") == "0")
    }
}
