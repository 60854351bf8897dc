import Foundation
import MekongCore
import Testing

@Suite("Every partner error reaches the payment as its Bakong code, through the sandbox's test accounts")
struct PartnerErrorTests {
    /// (beneficiary account, final state, Bakong code)
    @Test(
        "partner answers map onto the NBC table",
        arguments: [
            ("0000001001", "REJECTED", 1001),
            ("0000002001", "REJECTED", 2001),
            ("0000002003", "REJECTED", 2003),
            ("0000002005", "REJECTED", 2005),
            ("0000002007", "REJECTED", 2007),
            ("0000003003", "REJECTED", 3003),
            ("0000005001", "REJECTED", 5001),
            ("0000000599", "TIMEOUT", 3001),
        ])
    func mapsToBakongCodes(account: String, state: String, code: Int) async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "10.00", beneficiary: account)
        let final = try await stack.waitFor(try #require(created.json["id"] as? String))
        #expect(final["state"] as? String == state)
        let error = final["error"] as? [String: Any]
        #expect(error?["code"] as? Int == code, "\(final)")
        #expect(error?["category"] is String && error?["retryable"] is Bool)
    }

    @Test("a stale OAuth2 token (1002) is refreshed and the transfer sent once more; it settles once")
    func tokenRefresh() async throws {
        let stack = try await MekongStack.shared()
        let before = Int(try await stack.partner.get("/sandbox/promptpay/tokens").json["issued"] as? String ?? "") ?? -1
        let created = try await stack.pay(stack.app, amount: "10.00", beneficiary: "0000001002")
        let id = try #require(created.json["id"] as? String)
        let final = try await stack.waitFor(id)
        #expect(final["state"] as? String == "CROSS_BORDER_SETTLED")
        let after = Int(try await stack.partner.get("/sandbox/promptpay/tokens").json["issued"] as? String ?? "") ?? -1
        #expect(after > before, "a new token was fetched")
        #expect(try await stack.ledgerEntries(for: id).count == 1)
    }

    @Test("when every token is expired at the partner, the next payment still settles")
    func allTokensExpired() async throws {
        let stack = try await MekongStack.shared()
        _ = try await stack.partner.post("/sandbox/promptpay/expire-tokens", "{}")
        let created = try await stack.pay(stack.app, amount: "11.00")
        #expect(try await stack.waitFor(try #require(created.json["id"] as? String))["state"] as? String == "CROSS_BORDER_SETTLED")
    }

    @Test("a 429 with Retry-After is honoured: the payment waits, is asked about, then sent once")
    func retryAfter() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "10.00", beneficiary: "0000000429")
        let id = try #require(created.json["id"] as? String)
        let final = try await stack.waitFor(id)
        #expect(final["state"] as? String == "CROSS_BORDER_SETTLED")
        let history = final["history"] as? [[String: Any]] ?? []
        let handedOff = history.first { $0["state"] as? String == "CORRIDOR_PROCESSING" }?["at"] as? String
        let settled = history.first { $0["state"] as? String == "CROSS_BORDER_SETTLED" }?["at"] as? String
        let settledAt = try #require(settled.flatMap(RFC3339.date(from:)))
        let handedOffAt = try #require(handedOff.flatMap(RFC3339.date(from:)))
        let gap = settledAt.timeIntervalSince(handedOffAt)
        #expect(gap >= 2, "waited \(gap) s; Retry-After was 2 s")
        #expect(try await stack.ledgerEntries(for: id).count == 1)
    }
}

@Suite("What the gateway logs about partner exchanges")
struct RedactionInLogsTests {
    @Test("the gateway's debug log of partner exchanges holds no full account number and no token")
    func logsAreRedacted() async throws {
        let stack = try await MekongStack.shared()
        let created = try await stack.pay(stack.app, amount: "13.00", beneficiary: "5566778899", payer: "012345678901")
        _ = try await stack.waitFor(try #require(created.json["id"] as? String))
        let log = stack.gatewayLogs()
        #expect(log.contains("partner exchange"), "exchanges are logged at debug level")
        #expect(log.contains("******8899"), "masked to the last four")
        for full in ["5566778899", "012345678901", "1234567890"] {
            #expect(!log.contains(full), "full account number \(full) in the log")
        }
        #expect(!log.contains("Bearer pp_"), "no bearer token in the log")
        #expect(!log.contains(MekongStack.inboundSecrets["KH-TH"]!) && !log.contains("test-promptpay-client-secret"))
    }
}
