import Foundation
import MekongCore
import Testing

/// Payments held back on their way to the partner: by scheduled maintenance, by a disable
/// under the `reject` in-flight policy, and by the circuit breaker. On the serial stack one
/// dispatch worker hands payments off one at a time; with the sandbox holding the partner's
/// answers (`hold` fault mode), one payment occupies the worker, so the payments made after
/// it stay in FX_PENDING until the test releases the partner.
@Suite("Dispatch control: maintenance windows, the reject policy and the circuit breaker", .serialized)
struct DispatchControlTests {
    /// A payment whose partner call is held open, then `count` payments queued behind it.
    /// The caller releases the partner with `release`.
    func queueBehindHeld(
        _ stack: MekongStack, _ app: TestClient, corridor: String, partner: String,
        count: Int
    ) async throws -> (held: String, queued: [String]) {
        #expect(try await stack.partner.post("/sandbox/faults/\(partner)", #"{"mode":"hold"}"#).status == 200)
        let held = try await stack.pay(app, corridor: corridor, amount: "10.00")
        let heldID = try #require(held.json["id"] as? String, "\(held.text)")
        let handedOff = try await stack.waitFor(heldID, as: app, seconds: 30) { $0["state"] as? String == "CORRIDOR_PROCESSING" }
        try #require(handedOff["state"] as? String == "CORRIDOR_PROCESSING", "the first payment occupies the worker: \(handedOff)")
        var queued: [String] = []
        for _ in 0..<count {
            let created = try await stack.pay(app, corridor: corridor, amount: "10.00")
            queued.append(try #require(created.json["id"] as? String, "\(created.text)"))
        }
        for id in queued {
            let payment = try await app.get("/v1/payments/\(id)").json
            #expect(payment["state"] as? String == "FX_PENDING", "queued behind the held payment: \(payment)")
        }
        return (heldID, queued)
    }

    func release(_ stack: MekongStack, _ partner: String) async throws {
        #expect(try await stack.partner.post("/sandbox/faults/\(partner)", #"{"mode":"none"}"#).status == 200)
    }

    func gatewayNow(_ app: TestClient) async throws -> Date {
        let quote = try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1.00","currency":"USD"}}"#)
        let created = try #require(quote.json["created_at"] as? String, "\(quote.text)")
        return try #require(RFC3339.date(from: created))
    }

    @Test(
        "a maintenance window holds queued payments until it ends, refuses new ones with 5001, shows in the status with the next opening, and is audited"
    )
    func maintenanceWindow() async throws {
        let stack = try await MekongStack.serial()
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        let (first, queued) = try await queueBehindHeld(stack, app, corridor: "KH-TH", partner: "promptpay", count: 2)
        let now = try await gatewayNow(app)
        let ends = RFC3339.string(from: now.addingTimeInterval(15))
        let window = try await ops.post(
            "/admin/corridors/KH-TH/maintenance",
            #"{"starts_at":"\#(RFC3339.string(from: now))","ends_at":"\#(ends)","reason":"PromptPay switch upgrade"}"#)
        #expect(window.status == 201, "\(window.text)")
        let windowID = try #require(window.json["id"] as? String)

        let corridor = try await app.get("/v1/corridors/KH-TH").json
        #expect(corridor["state"] as? String == "maintenance" && corridor["open"] as? Bool == false)
        #expect(corridor["next_opening_at"] as? String == ends, "\(corridor)")
        #expect((corridor["maintenance"] as? [[String: Any]])?.first?["id"] as? String == windowID)
        let refused = try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1.00","currency":"USD"}}"#)
        #expect(refused.errorCode == 5001 && refused.error["rule"] as? String == "KH-TH.maintenance", "\(refused.text)")
        #expect((refused.error["message"] as? String)?.contains("PromptPay switch upgrade") == true)
        let overview = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        let th = try #require(overview.first { $0["id"] as? String == "KH-TH" })
        #expect(th["state"] as? String == "maintenance" && th["until"] as? String == ends && th["next_opening_at"] as? String == ends)

        // The first payment was handed off before the window and goes on when the partner answers;
        // the queued ones are held until the window's end.
        try await release(stack, "promptpay")
        for id in queued {
            let payment = try await stack.waitFor(id, as: app, seconds: 12) { ($0["hold"] as? [String: Any])?["code"] as? Int == 5001 }
            #expect(payment["state"] as? String == "FX_PENDING" && (payment["hold"] as? [String: Any])?["code"] as? Int == 5001, "\(payment)")
            #expect(try await stack.ledgerEntries(for: id).isEmpty, "nothing reaches the partner during maintenance")
        }
        for id in queued {
            let payment = try await stack.waitFor(id, as: app, seconds: 30)
            #expect(payment["state"] as? String == "CROSS_BORDER_SETTLED")
            let handedOff = (payment["history"] as? [[String: Any]])?.first { $0["event"] as? String == "handed_to_partner" }?["at"] as? String
            let handedOffAt = try #require(RFC3339.date(from: handedOff ?? ""))
            let windowEnd = try #require(RFC3339.date(from: ends))
            #expect(handedOffAt >= windowEnd, "handed off only after the window")
        }
        #expect(try await stack.waitFor(first, as: app, seconds: 25)["state"] as? String == "CROSS_BORDER_SETTLED")
        let audit = try await ops.get("/admin/audit?target=KH-TH").json["data"] as? [[String: Any]] ?? []
        #expect(
            audit.contains {
                $0["action"] as? String == "corridor.maintenance.schedule" && "\($0["after"] as? [String: Any] ?? [:])".contains(windowID)
            })

        // A future window is listed, then cancelled (audited), and the corridor stays open.
        let later = now.addingTimeInterval(86_400)
        let future = try await ops.post(
            "/admin/corridors/KH-TH/maintenance",
            #"""
            {"starts_at":"\#(RFC3339.string(from: later))","ends_at":"\#(RFC3339.string(from: later.addingTimeInterval(3600)))","reason":"quarterly DR test"}
            """#)
        let futureID = try #require(future.json["id"] as? String, "\(future.text)")
        let listed = try await ops.get("/admin/corridors/KH-TH/maintenance").json["data"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["id"] as? String } == [futureID])
        #expect(try await app.get("/v1/corridors/KH-TH").json["state"] as? String == "open")
        let cancelled = try await ops.request("DELETE", "/admin/corridors/KH-TH/maintenance/\(futureID)")
        #expect(cancelled.status == 200 && cancelled.json["cancelled_at"] is String)
        #expect(try await ops.request("DELETE", "/admin/corridors/KH-TH/maintenance/\(futureID)").status == 404)
        #expect(
            (try await ops.get("/admin/audit?target=KH-TH").json["data"] as? [[String: Any]])?.first?["action"] as? String
                == "corridor.maintenance.cancel")
        // Bad windows are refused with the reason.
        for body in [
            #"{"starts_at":"2026-11-30T00:00:00Z","ends_at":"2026-11-29T00:00:00Z","reason":"x"}"#,
            #"{"starts_at":"2026-11-30T00:00:00Z","ends_at":"2026-12-30T00:00:00Z","reason":"x"}"#,
            #"{"starts_at":"tomorrow","ends_at":"2026-12-30T00:00:00Z","reason":"x"}"#,
            #"{"starts_at":"2026-11-30T00:00:00Z","ends_at":"2026-11-30T01:00:00Z"}"#,
        ] {
            let reply = try await ops.post("/admin/corridors/KH-TH/maintenance", body)
            #expect(reply.status == 400 && reply.errorCode == 2000, "\(body) → \(reply.text)")
        }
    }

    @Test("one dispatch worker means one partner call at a time: the sweeper hands nothing off past it, however long payments wait")
    func workersBoundTheSweeper() async throws {
        // Payments are due to the sweeper at once (no acceptance grace), swept every 0.1 s.
        let stack = try await MekongStack.isolated(
            label: "one-worker",
            settings: [
                "MEKONG_DISPATCH_WORKERS": "1", "MEKONG_DISPATCH_ACCEPT_GRACE_SECONDS": "0",
            ], partnerTimeoutMilliseconds: 30_000)
        let app = try await stack.newApp()
        let (first, queued) = try await queueBehindHeld(stack, app, corridor: "KH-TH", partner: "promptpay", count: 5)
        try await Task.sleep(for: .seconds(3))
        for id in queued {
            let payment = try await app.get("/v1/payments/\(id)").json
            #expect(payment["state"] as? String == "FX_PENDING", "still waiting for the one worker after 30 sweeps: \(payment)")
        }
        let handedOff = try await stack.sql("SELECT count(*) FROM payments WHERE state = 'CORRIDOR_PROCESSING'")
        #expect(handedOff == "1", "one payment with the partner while the worker was busy")
        try await release(stack, "promptpay")
        for id in [first] + queued {
            #expect(try await stack.waitFor(id, as: app, seconds: 30)["state"] as? String == "CROSS_BORDER_SETTLED")
            #expect(try await stack.ledgerEntries(for: id).count == 1)
        }
    }

    @Test("KH-VN's in-flight policy is reject: payments queued when ops disable it are rejected with 5001 and the reason, never sent")
    func rejectPolicy() async throws {
        let stack = try await MekongStack.serial()
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        let (first, queued) = try await queueBehindHeld(stack, app, corridor: "KH-VN", partner: "napas", count: 2)
        #expect(try await ops.post("/admin/corridors/KH-VN/disable", #"{"reason":"NAPAS incident N-7"}"#).status == 200)
        try await release(stack, "napas")
        #expect(try await stack.waitFor(first, as: app, seconds: 25)["state"] as? String == "CROSS_BORDER_SETTLED", "handed off before the toggle")
        for id in queued {
            let payment = try await stack.waitFor(id, as: app)
            #expect(payment["state"] as? String == "REJECTED", "\(payment)")
            let error = payment["error"] as? [String: Any] ?? [:]
            #expect(error["code"] as? Int == 5001 && (error["message"] as? String)?.contains("NAPAS incident N-7") == true, "\(payment)")
            #expect(try await stack.ledgerEntries(for: id).isEmpty)
        }
        #expect(try await ops.post("/admin/corridors/KH-VN/enable", "").status == 200)
    }

    @Test("after 3 partner failures in a row KH-TH is suspended (5001, status, /metrics); a half-open probe then closes it and held payments settle")
    func circuitBreaker() async throws {
        let stack = try await MekongStack.serial()
        let ops = try await stack.newKey(role: "ops")
        let app = try await stack.newApp()
        func metric(_ name: String) async throws -> String? {
            let text = try await ops.get("/metrics").text
            // Gauges are written as decimals ("2.0"): compare whole numbers.
            return text.split(separator: "\n").first { $0.hasPrefix("\(name){corridor=\"KH-TH\"}") }
                .flatMap { Double($0.split(separator: " ").last!) }.map { String(Int($0)) }
        }
        #expect(try await metric("mekong_corridor_breaker_state") == "0")
        #expect(try await stack.partner.post("/sandbox/faults/promptpay", #"{"mode":"unavailable"}"#).status == 200)
        // One payment: its send and the status inquiries after it all fail.
        let created = try await stack.pay(app, amount: "10.00")
        let failing = [try #require(created.json["id"] as? String, "\(created.text)")]
        var refusal: TestClient.Reply?
        for _ in 0..<100 {
            let quote = try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1.00","currency":"USD"}}"#)
            if quote.status != 201 {
                refusal = quote
                break
            }
            try await Task.sleep(for: .milliseconds(150))
        }
        let refused = try #require(refusal, "the corridor was never suspended")
        #expect(refused.errorCode == 5001 && refused.error["rule"] as? String == "KH-TH.circuit_breaker", "\(refused.text)")
        #expect((refused.error["message"] as? String)?.contains("3 consecutive partner failures") == true, "\(refused.text)")
        let overview = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        let th = try #require(overview.first { $0["id"] as? String == "KH-TH" })
        let breaker = th["breaker"] as? [String: Any] ?? [:]
        #expect(th["state"] as? String == "suspended" && breaker["state"] as? String == "open" && breaker["next_probe_at"] is String, "\(th)")
        #expect(try await metric("mekong_corridor_breaker_state") == "2")
        #expect(try await metric("mekong_corridor_breaker_trips_total") == "1")
        #expect(try await metric("mekong_corridor_open") == "0")

        // The partner comes back: after the open period a probe goes through and closes the breaker.
        #expect(try await stack.partner.post("/sandbox/faults/promptpay", #"{"mode":"none"}"#).status == 200)
        for id in failing { #expect(try await stack.waitFor(id, as: app, seconds: 30)["state"] as? String == "CROSS_BORDER_SETTLED") }
        #expect(try await metric("mekong_corridor_breaker_state") == "0")
        #expect(
            try await app.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"1.00","currency":"USD"}}"#).status == 201)
        let healed = try await ops.get("/admin/corridors").json["data"] as? [[String: Any]] ?? []
        #expect((healed.first { $0["id"] as? String == "KH-TH" }?["breaker"] as? [String: Any])?["state"] as? String == "closed")
        for id in failing { #expect(try await stack.ledgerEntries(for: id).count == 1, "each payment booked once") }
        // /metrics needs an ops key.
        #expect(try await app.get("/metrics").status == 403)
        #expect(try await stack.anonymous.get("/metrics").status == 401)
    }
}
