import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MekongCore
import Testing

/// Routes that need no partner, tested in process (`InProcessGateway`): the real router and
/// PostgreSQL, no gateway or sandbox process. The first suite of issue 21's item 3.
@Suite("In process: quotes, dry runs, corridor status and refusals through the real router and PostgreSQL")
struct InProcessRouteTests {
    static let quote = #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#

    @Test("a quote is priced and stored; a dry run agrees; the corridor shows open; a planned corridor is 5001, not retryable")
    func quotesAndStatus() async throws {
        let gateway = try await InProcessGateway.make(label: "quotes")
        let key = gateway.appKey
        try await gateway.test { client in
            let quoted = try await client.call(.post, "/v1/quotes", key: key, body: Self.quote)
            #expect(quoted.status == .created, "\(quoted.json)")
            #expect(quoted.json["destination"] as? [String: String] == ["amount": "3407.87", "currency": "THB"])
            #expect(quoted.headers[HTTPField.Name("X-Request-Id")!] != nil)
            let dry = try await client.call(.post, "/v1/payments/dry-run", key: key, body: Self.quote)
            #expect(dry.json["would_accept"] as? Bool == true)
            #expect((dry.json["pricing"] as? [String: Any])?["destination"] as? [String: String] == ["amount": "3407.87", "currency": "THB"])
            let status = try await client.call(.get, "/v1/corridors/KH-TH", key: key)
            #expect(status.json["state"] as? String == "open" && status.json["open"] as? Bool == true)
            let planned = try await client.call(.post, "/v1/quotes", key: key, body: Self.quote.replacingOccurrences(of: "KH-TH", with: "KH-LA"))
            let error = planned.json["error"] as? [String: Any] ?? [:]
            #expect(planned.status == .serviceUnavailable && error["code"] as? Int == 5001 && error["retryable"] as? Bool == false, "\(planned.json)")
            #expect(error["request_id"] is String)
        }
        // The quote is in PostgreSQL.
        let stored = try await gateway.sql("SELECT count(*) FROM quotes")
        #expect(stored == "1", "one quote: the dry run and the refusal store none (\(stored))")
    }

    @Test("ops close a corridor: quote, dry run and status agree on the rule and the message; reopened, it quotes again")
    func closedByOps() async throws {
        let gateway = try await InProcessGateway.make(label: "ops")
        let (app, ops) = (gateway.appKey, gateway.opsKey)
        try await gateway.test { client in
            let closed = try await client.call(
                .post, "/admin/corridors/KH-TH/disable", key: ops, body: #"{"reason":"PromptPay certificate rollover"}"#)
            #expect(closed.status == .ok, "\(closed.json)")
            let quote = try await client.call(.post, "/v1/quotes", key: app, body: Self.quote)
            let error = quote.json["error"] as? [String: Any] ?? [:]
            #expect(error["code"] as? Int == 5001 && error["rule"] as? String == "KH-TH.operations", "\(quote.json)")
            let dry = try await client.call(.post, "/v1/payments/dry-run", key: app, body: Self.quote)
            let refusal = dry.json["refusal"] as? [String: Any] ?? [:]
            #expect(refusal["rule"] as? String == "KH-TH.operations" && refusal["message"] as? String == error["message"] as? String)
            #expect(try await client.call(.get, "/v1/corridors/KH-TH", key: app).json["state"] as? String == "closed_by_ops")
            #expect(try await client.call(.post, "/admin/corridors/KH-TH/enable", key: ops, body: "{}").status == .ok)
            #expect(try await client.call(.post, "/v1/quotes", key: app, body: Self.quote).status == .created)
        }
    }
}
