import Foundation
import Testing

/// RELIABILITY.md item 16: resource limits.
@Suite("Resource limits (RELIABILITY 16): rate limits per key, body size, page size")
struct ResourceLimitTests {
    @Test("a burst at 10× a key's limit gets 429 with Retry-After beyond the bucket; other keys are untouched; after the wait the key works again")
    func perKeyRateLimit() async throws {
        let stack = try await MekongStack.shared()
        // A gateway of its own with a small bucket: 5 requests a second, bursts of 10.
        let gateway = try await stack.startAnotherGateway(settings: [
            "MEKONG_RATE_LIMIT_REQUESTS_PER_SECOND": "5",
            "MEKONG_RATE_LIMIT_BURST": "10",
        ])
        let other = try await stack.newApp()
        let bystander = TestClient(baseURL: gateway.baseURL, key: other.key)

        let started = Date()
        let replies = try await withThrowingTaskGroup(of: TestClient.Reply.self) { group in
            for _ in 0..<100 { group.addTask { try await gateway.get("/v1/corridors") } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let elapsed = Date().timeIntervalSince(started)
        let allowed = replies.filter { $0.status == 200 }.count
        let refused = replies.filter { $0.status == 429 }
        #expect(allowed + refused.count == 100, "only 200 or 429: \(Set(replies.map(\.status)))")
        // The burst of 10, plus what 5/s refills while the burst was being answered.
        let ceiling = 10 + Int(elapsed * 5) + 1
        #expect(allowed >= 10 && allowed <= ceiling, "\(allowed) allowed in \(elapsed) s")
        for reply in refused {
            #expect(reply.errorCode == 1004)
            let retryAfter = reply.headers.first { $0.name.lowercased() == "retry-after" }.flatMap { Int($0.value) }
            #expect(retryAfter == 1, "one token comes back every 200 ms, so the wait rounds up to 1 s")
        }

        // Another key on the same gateway is not affected.
        #expect(try await bystander.get("/v1/corridors").status == 200)
        // Retry-After is honest: after it, the key is served again.
        try await Task.sleep(for: .seconds(1.1))
        #expect(try await gateway.get("/v1/corridors").status == 200)
    }

    @Test("a refused request costs no token: a key that keeps hammering still gets its rate")
    func refusalsCostNothing() async throws {
        let stack = try await MekongStack.shared()
        let gateway = try await stack.startAnotherGateway(settings: [
            "MEKONG_RATE_LIMIT_REQUESTS_PER_SECOND": "5",
            "MEKONG_RATE_LIMIT_BURST": "5",
        ])
        // Spend the burst, then knock 40 times, every 50 ms: about 5 a second get through. Were
        // refusals to cost tokens, the bucket would stay empty and almost none would.
        for _ in 0..<5 { _ = try await gateway.get("/v1/corridors") }
        let started = Date()
        var allowed = 0
        for _ in 0..<40 {
            if try await gateway.get("/v1/corridors").status == 200 { allowed += 1 }
            try await Task.sleep(for: .milliseconds(50))
        }
        let earned = Date().timeIntervalSince(started) * 5
        // At least most of what the rate earned — or of the 40 knocks, when a loaded machine
        // made them so slow that the rate earned more than were made — and at most what it
        // earned, plus a bucket refilled while the burst was being spent.
        let possible = min(40, earned)
        #expect(Double(allowed) >= possible * 0.6 && Double(allowed) <= earned + 5 + 1, "\(allowed) of 40 over \(earned / 5) s at 5/s")
    }

    @Test("page sizes are capped: a limit past the cap is refused with the bounds, not served")
    func pageCaps() async throws {
        let stack = try await MekongStack.shared()
        let email = "limits-\(UUID().uuidString.prefix(8))@example.com"
        let merchant = try await stack.anonymous.post("/api/v1/merchant/register", #"{"email":"\#(email)","name":"Limit Shop"}"#)
        try #require(merchant.status == 200, "\(merchant.text)")
        let key = try #require(merchant.json["api_key"] as? String)
        let client = TestClient(baseURL: stack.gatewayURL, key: key)
        let capped = try await client.get("/api/v1/charges?limit=100000")
        #expect(capped.status == 400)
        #expect((capped.error["message"] as? String)?.contains("1 to 100") == true, "\(capped.text)")
        #expect(try await client.get("/api/v1/charges?limit=100").status == 200)
    }
}
