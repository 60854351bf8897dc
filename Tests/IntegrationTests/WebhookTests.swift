import Foundation
import Gateway
import MekongCore
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Webhooks: signed, durable, at-least-once delivery to a real local receiver (retry delays at 5 %)")
struct WebhookTests {
    /// Subscribes `client` to `events` at the sandbox receiver `name`; returns (id, secret).
    func subscribe(
        _ stack: MekongStack, _ client: TestClient, receiver name: String, events: [String] = ["*"], maxAttempts: Int? = nil
    ) async throws -> (String, String) {
        let attempts = maxAttempts.map { #","max_attempts":\#($0)"# } ?? ""
        let reply = try await client.post(
            "/v1/webhooks", #"{"url":"\#(stack.receiverURL(name))","events":[\#(events.map { "\"\($0)\"" }.joined(separator: ","))]\#(attempts)}"#)
        #expect(reply.status == 201, "\(reply.text)")
        return (try #require(reply.json["id"] as? String), try #require(reply.json["secret"] as? String))
    }

    func log(_ client: TestClient, _ webhook: String) async throws -> [[String: Any]] {
        try await client.get("/v1/webhooks/\(webhook)/deliveries").json["data"] as? [[String: Any]] ?? []
    }

    @Test("every transition of a payment arrives signed, in order by sequence, with the payer masked")
    func lifecycleEvents() async throws {
        let stack = try await MekongStack.shared()
        let client = try await stack.newApp()
        let name = "life-\(UUID().uuidString.prefix(8))"
        let (_, secret) = try await subscribe(stack, client, receiver: name)
        let payment = try #require(try await stack.pay(client, amount: "20.00").json["id"] as? String)
        try await waitUntil { try await stack.received(name).count >= 6 }
        let received = try await stack.received(name)
        var sequences: [Int] = []
        var types: [String] = []
        for delivery in received {
            let headers = delivery["headers"] as? [String: String] ?? [:]
            let body = delivery["body"] as? String ?? ""
            let event = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
            #expect(headers["webhook-id"] == event["id"] as? String)
            #expect(!body.contains(": ") && !body.contains(", "), "compact JSON, as every webhook body: \(body)")
            #expect(event["livemode"] as? Bool == false, "made with a test key")
            #expect(RFC3339.date(from: delivery["at"] as? String ?? "") != nil, "the receiver's times are RFC 3339")
            #expect(
                WebhookSignature.verify(
                    secret: secret, id: headers["webhook-id"] ?? "", timestampHeader: headers["webhook-timestamp"] ?? "",
                    signatureHeader: headers["webhook-signature"] ?? "", body: Array(body.utf8), now: Date()))
            #expect(headers["x-bakongpay-signature"] == WebhookSignature.bodyHex(secret: secret, body: Array(body.utf8)))
            #expect(headers["x-bakongpay-event-attempt"] == "1")
            let data = event["data"] as? [String: Any] ?? [:]
            #expect(data["payment_id"] as? String == payment)
            #expect((data["payer"] as? [String: String])?["account"] == "********8901")
            types.append(event["type"] as? String ?? "")
            if event["type"] as? String == "payment.state_changed" { sequences.append(data["sequence"] as? Int ?? 0) }
        }
        #expect(sequences.sorted() == [1, 2, 3, 4, 5])
        #expect(types.contains("payment.settled"))
    }

    @Test("failures are retried on the schedule within its jitter, with the same webhook-id, until delivered")
    func retries() async throws {
        let stack = try await MekongStack.shared()
        let client = try await stack.newApp()
        let name = "retry-\(UUID().uuidString.prefix(8))"
        _ = try await stack.partner.request("PUT", "/sandbox/receiver/\(name)/plan", body: #"{"responses":[{"status":500},{"status":500}]}"#)
        let (webhook, _) = try await subscribe(stack, client, receiver: name, events: ["payment.settled"])
        _ = try await stack.pay(client, amount: "20.00")
        try await waitUntil { try await stack.received(name).count >= 3 }
        let received = try await stack.received(name)
        #expect(received.count == 3)
        #expect(Set(received.compactMap { ($0["headers"] as? [String: String])?["webhook-id"] }).count == 1)
        #expect(received.compactMap { ($0["headers"] as? [String: String])?["x-bakongpay-event-attempt"] } == ["1", "2", "3"])
        try await waitUntil { try await log(client, webhook).count >= 3 }
        let attempts = try await log(client, webhook).sorted { ($0["attempt"] as? Int ?? 0) < ($1["attempt"] as? Int ?? 0) }
        #expect(attempts.compactMap { $0["state"] as? String } == ["RETRYING", "RETRYING", "SUCCESS"])
        #expect(attempts.compactMap { $0["status_code"] as? Int } == [500, 500, 200])
        // NBC schedule at 5 %: 5 s → 250 ms, 15 s → 750 ms, each ±10 %.
        for (attempt, base) in [(0, 250.0), (1, 750.0)] {
            let at = RFC3339.date(from: attempts[attempt]["at"] as? String ?? "")!
            let next = RFC3339.date(from: attempts[attempt]["next_attempt_at"] as? String ?? "")!
            let delay = next.timeIntervalSince(at) * 1000
            #expect(delay >= base * 0.9 - 1 && delay <= base * 1.1 + 1, "attempt \(attempt + 1) waited \(delay) ms, expected \(base) ± 10 %")
        }
    }

    @Test("410 disables the subscription; 3xx is not followed; Retry-After is honoured")
    func receiverAnswers() async throws {
        let stack = try await MekongStack.shared()
        let client = try await stack.newApp()
        let gone = "gone-\(UUID().uuidString.prefix(8))"
        let moved = "moved-\(UUID().uuidString.prefix(8))"
        let target = "target-\(UUID().uuidString.prefix(8))"
        let later = "later-\(UUID().uuidString.prefix(8))"
        _ = try await stack.partner.request("PUT", "/sandbox/receiver/\(gone)/plan", body: #"{"responses":[{"status":410}]}"#)
        _ = try await stack.partner.request(
            "PUT", "/sandbox/receiver/\(moved)/plan",
            body: #"{"responses":[{"status":302,"location":"\#(stack.receiverURL(target))"}]}"#)
        _ = try await stack.partner.request("PUT", "/sandbox/receiver/\(later)/plan", body: #"{"responses":[{"status":503,"retry_after":2}]}"#)
        let (goneHook, _) = try await subscribe(stack, client, receiver: gone, events: ["payment.settled"])
        let (movedHook, _) = try await subscribe(stack, client, receiver: moved, events: ["payment.settled"], maxAttempts: 1)
        let (laterHook, _) = try await subscribe(stack, client, receiver: later, events: ["payment.settled"], maxAttempts: 3)
        _ = try await stack.pay(client, amount: "20.00")
        try await waitUntil { try await client.get("/v1/webhooks/\(goneHook)").json["state"] as? String == "DISABLED" }
        #expect(try await client.get("/v1/webhooks/\(goneHook)").json["state"] as? String == "DISABLED")
        try await waitUntil { try await log(client, movedHook).first?["state"] as? String == "FAILED" }
        let movedLog = try await log(client, movedHook)
        #expect(movedLog.first?["status_code"] as? Int == 302 && movedLog.first?["state"] as? String == "FAILED")
        #expect(try await stack.received(target).isEmpty, "the redirect was not followed")
        try await waitUntil { try await log(client, laterHook).contains { $0["state"] as? String == "SUCCESS" } }
        let laterLog = try await log(client, laterHook).sorted { ($0["attempt"] as? Int ?? 0) < ($1["attempt"] as? Int ?? 0) }
        let first = try #require(laterLog.first)
        let waited = RFC3339.date(from: first["next_attempt_at"] as? String ?? "")!.timeIntervalSince(
            RFC3339.date(from: first["at"] as? String ?? "")!)
        #expect(waited >= 2, "Retry-After: 2 was honoured over the 100 ms schedule (waited \(waited) s)")
        #expect(laterLog.last?["state"] as? String == "SUCCESS")
    }

    @Test("after the last attempt a delivery is FAILED, and can be re-sent by hand")
    func failedThenResent() async throws {
        let stack = try await MekongStack.shared()
        let client = try await stack.newApp()
        let name = "fail-\(UUID().uuidString.prefix(8))"
        _ = try await stack.partner.request("PUT", "/sandbox/receiver/\(name)/plan", body: #"{"responses":[{"status":500},{"status":500}]}"#)
        let (webhook, _) = try await subscribe(stack, client, receiver: name, events: ["payment.settled"], maxAttempts: 2)
        _ = try await stack.pay(client, amount: "20.00")
        try await waitUntil { try await log(client, webhook).contains { $0["state"] as? String == "FAILED" } }
        let failed = try #require(try await log(client, webhook).first { $0["state"] as? String == "FAILED" })
        let delivery = try #require(failed["delivery_id"] as? String)
        let resent = try await client.post("/v1/deliveries/\(delivery)/resend", "{}")
        #expect(resent.json["state"] as? String == "SUCCESS", "\(resent.text)")
        #expect(resent.json["attempt"] as? Int == 3)
        #expect(try await stack.received(name).count == 3)
    }

    @Test("a rotated secret: both old and new sign during the overlap")
    func rotation() async throws {
        let stack = try await MekongStack.shared()
        let client = try await stack.newApp()
        let name = "rot-\(UUID().uuidString.prefix(8))"
        let (webhook, old) = try await subscribe(stack, client, receiver: name, events: ["payment.settled"])
        let rotated = try await client.post("/v1/webhooks/\(webhook)/rotate-secret", "{}")
        let new = try #require(rotated.json["secret"] as? String)
        #expect(new != old && rotated.json["previous_secret_valid_until"] is String)
        _ = try await stack.pay(client, amount: "20.00")
        try await waitUntil { try await !stack.received(name).isEmpty }
        let delivery = try #require(try await stack.received(name).first)
        let headers = delivery["headers"] as? [String: String] ?? [:]
        let body = Array((delivery["body"] as? String ?? "").utf8)
        #expect(headers["webhook-signature"]?.split(separator: " ").count == 2)
        for secret in [old, new] {
            #expect(
                WebhookSignature.verify(
                    secret: secret, id: headers["webhook-id"] ?? "", timestampHeader: headers["webhook-timestamp"] ?? "",
                    signatureHeader: headers["webhook-signature"] ?? "", body: body, now: Date()))
        }
    }

    @Test(
        "webhook secrets are sealed at rest: a pg_dump holds none; a secret in clear or under an older key is sealed under the current one at start-up, and still signs"
    )
    func secretsSealedAtRest() async throws {
        let stack = try await MekongStack.isolated(label: "sealed")
        let client = try await stack.newApp()
        let name = "sealed-\(UUID().uuidString.prefix(8))"
        let (webhook, secret) = try await subscribe(stack, client, receiver: name)
        let dump = try await TestProcess.run(
            "/usr/bin/pg_dump", [stack.databaseURL, "--data-only"], environment: ProcessInfo.processInfo.environment)
        #expect(dump.status == 0 && !dump.output.contains(secret), "no webhook secret in a dump of the database")
        #expect(try await stack.sql("SELECT secret FROM webhook_subscriptions WHERE id = '\(webhook)'").hasPrefix("v1:it2:"))

        // Rows as an older release (in clear) or an older key (it1) left them.
        let older = try SecretKeyring(parsing: String(MekongStack.secretKeys.split(separator: ",")[1]))
        let plain = "whsec_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let (clear, _) = try await subscribe(stack, client, receiver: name + "-clear")
        let (byOld, _) = try await subscribe(stack, client, receiver: name + "-old")
        _ = try await stack.sql("UPDATE webhook_subscriptions SET secret = '\(plain)' WHERE id = '\(clear)'")
        _ = try await stack.sql(
            "UPDATE webhook_subscriptions SET secret = '\(older.seal(plain, context: "webhook_subscriptions:" + byOld))' WHERE id = '\(byOld)'")
        let restarted = try await stack.startGatewayProcess()
        defer { restarted.process.stop() }
        for id in [clear, byOld] {
            #expect(try await stack.sql("SELECT secret FROM webhook_subscriptions WHERE id = '\(id)'").hasPrefix("v1:it2:"), "\(id) sealed under it2")
        }
        // The re-sealed secret still signs: a test send from the restarted gateway verifies with it.
        let tester = TestClient(baseURL: restarted.client.baseURL, key: client.key)
        #expect(try await tester.post("/v1/webhooks/\(clear)/test", "{}").json["success"] as? Bool == true)
        try await waitUntil { try await !stack.received(name + "-clear").isEmpty }
        let delivery = try #require(try await stack.received(name + "-clear").last)
        let headers = delivery["headers"] as? [String: String] ?? [:]
        #expect(
            WebhookSignature.verify(
                secret: plain, id: headers["webhook-id"] ?? "", timestampHeader: headers["webhook-timestamp"] ?? "",
                signatureHeader: headers["webhook-signature"] ?? "", body: Array((delivery["body"] as? String ?? "").utf8), now: Date()))
    }

    /// Whether this machine has the IPv6 loopback address (`::1` on `lo`).
    static let hasIPv6Loopback: Bool = {
        let table = (try? String(contentsOfFile: "/proc/net/if_inet6", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").contains { $0.hasPrefix("00000000000000000000000000000001") }
    }()

    @Test(
        "a webhook URL that is an IPv6 literal is delivered to, signed, with no DNS look-up to pin",
        .enabled(if: Self.hasIPv6Loopback, "this machine has no IPv6 loopback"))
    func deliversToIPv6Literal() async throws {
        let stack = try await MekongStack.shared()
        // A receiver listening on [::1] only: another sandbox process, for its webhook receiver.
        let port = FreePort.next()
        let receiver = try TestProcess(
            executable: MekongStack.binary,
            arguments: ["sandbox", "--host", "::1", "--port", "\(port)", "--instance", MekongStack.runLabel],
            environment: ProcessInfo.processInfo.environment, logPath: stack.workDirectory + "/sandbox-v6.log")
        defer { receiver.stop() }
        let v6 = TestClient(baseURL: "http://[::1]:\(port)", key: nil)
        try await waitUntil(seconds: 30) { (try? await v6.get("/healthz"))?.status == 200 }
        let client = try await stack.newApp()
        let name = "v6-\(UUID().uuidString.prefix(8))"
        let made = try await client.post("/v1/webhooks", #"{"url":"http://[::1]:\#(port)/sandbox/receiver/\#(name)","events":["*"]}"#)
        #expect(made.status == 201, "\(made.text)")
        let webhook = try #require(made.json["id"] as? String)
        let secret = try #require(made.json["secret"] as? String)
        let test = try await client.post("/v1/webhooks/\(webhook)/test", "{}")
        #expect(test.json["success"] as? Bool == true && test.json["status_code"] as? Int == 200, "the test send reached [::1]: \(test.text)")
        try await waitUntil { ((try? await v6.get("/sandbox/receiver/\(name)"))?.json["received"] as? [Any])?.isEmpty == false }
        let received = try await v6.get("/sandbox/receiver/\(name)").json["received"] as? [[String: Any]] ?? []
        let delivery = try #require(received.first)
        let headers = delivery["headers"] as? [String: String] ?? [:]
        #expect(
            WebhookSignature.verify(
                secret: secret, id: headers["webhook-id"] ?? "", timestampHeader: headers["webhook-timestamp"] ?? "",
                signatureHeader: headers["webhook-signature"] ?? "", body: Array((delivery["body"] as? String ?? "").utf8), now: Date()))
    }

    @Test("the test send reports status and time; list, get and delete manage subscriptions; the permission is required")
    func management() async throws {
        let stack = try await MekongStack.shared()
        let client = try await stack.newApp()
        let (webhook, _) = try await subscribe(stack, client, receiver: "mgmt-\(UUID().uuidString.prefix(8))")
        let test = try await client.post("/v1/webhooks/\(webhook)/test", "{}")
        #expect(test.json["success"] as? Bool == true && test.json["status_code"] as? Int == 200 && test.json["response_time_ms"] is Int)
        #expect((try await client.get("/v1/webhooks").json["data"] as? [[String: Any]])?.count == 1)
        #expect(try await client.get("/v1/webhooks/\(webhook)").json["secret"] == nil, "the secret is shown only once")
        #expect(try await stack.otherApp.get("/v1/webhooks/\(webhook)").status == 404)
        #expect(try await client.request("DELETE", "/v1/webhooks/\(webhook)").json["deleted"] as? Bool == true)
        #expect(try await client.get("/v1/webhooks/\(webhook)").status == 404)
        let unprivileged = try await stack.newApp(permissions: "none")
        let refused = try await unprivileged.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL("x"))","events":["*"]}"#)
        #expect(refused.status == 403 && refused.errorCode == 1003)
        let badEvent = try await client.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL("x"))","events":["payment.exploded"]}"#)
        #expect(badEvent.errorCode == 2000)
        for attempts in ["1.5", "true", "11", "0", "\"3\""] {
            let bad = try await client.post("/v1/webhooks", #"{"url":"\#(stack.receiverURL("x"))","events":["*"],"max_attempts":\#(attempts)}"#)
            #expect(bad.errorCode == 2000, "max_attempts \(attempts) → \(bad.status)")
        }
    }

    @Test("SSRF: loopback, private, link-local and metadata URLs are refused in every spelling; the canary hears nothing")
    func ssrf() async throws {
        let stack = try await MekongStack.maintenance()  // webhooks.allow_loopback is false here
        let client = try await stack.newApp()
        let canary = try Canary()
        defer { canary.close() }
        let urls = [
            "http://127.0.0.1:\(canary.port)/", "https://127.0.0.1:\(canary.port)/", "https://2130706433:\(canary.port)/",
            "https://0x7f.0.0.1:\(canary.port)/", "https://[::1]:\(canary.port)/", "https://[::ffff:127.0.0.1]:\(canary.port)/",
            "https://localhost:\(canary.port)/", "https://169.254.169.254/latest/meta-data/", "https://10.1.2.3/", "https://192.168.0.1/",
            "https://[fd12::1]/", "https://100.100.100.200/",
        ]
        for url in urls {
            let reply = try await client.post("/v1/webhooks", #"{"url":"\#(url)","events":["*"]}"#)
            #expect(reply.status == 400, "\(url) → \(reply.status) \(reply.text)")
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(canary.connections == 0)
    }
}

/// A loopback TCP listener that counts the connections it accepts.
final class Canary: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private let counter = NSLock()
    private var count = 0
    private var thread: Thread?

    var connections: Int {
        counter.lock()
        defer { counter.unlock() }
        return count
    }

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        fd = socketFD
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        listen(socketFD, 16)
        thread = Thread { [weak self] in
            while true {
                let client = accept(socketFD, nil, nil)
                guard client >= 0 else { return }
                self?.counter.lock()
                self?.count += 1
                self?.counter.unlock()
                Glibc.close(client)
            }
        }
        thread?.start()
    }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
