import Foundation
import Testing

/// `/metrics` is swift-metrics' registry in the Prometheus text format: what a payment, a
/// refusal, a partner call and a database call leave there, the gauges read at a scrape, and
/// no id ever used as a label.
@Suite("Metrics through swift-metrics and swift-prometheus, as an SRE scrapes them")
struct MetricsTests {
    /// The value of the sample `name{labels}` (labels as written, in order), if present.
    static func sample(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test("a settled payment, a refusal and the gauges show in /metrics; label values are small fixed sets, never ids")
    func scrape() async throws {
        let stack = try await MekongStack.isolated(label: "metrics")
        let ops = try await stack.newKey(role: "ops")
        let created = try await stack.pay(stack.app, amount: "25.00")
        let id = try #require(created.json["id"] as? String, "\(created.text)")
        #expect(try await stack.waitFor(id)["state"] as? String == "CROSS_BORDER_SETTLED")
        let refused = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"KH-LA","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(refused.errorCode == 5001)

        let scrape = try await ops.get("/metrics")
        #expect(scrape.status == 200 && scrape.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = scrape.text
        func value(_ series: String) -> Double? { Self.sample(text, series) }
        #expect(
            (value(#"mekong_payments_accepted_total{corridor="KH-TH",payment_type="P2P",direction="outbound"}"#) ?? 0) >= 1, "\(text.prefix(3000))")
        for (from, to) in [
            ("none", "INITIATED"), ("INITIATED", "VALIDATED"), ("VALIDATED", "FX_PENDING"), ("FX_PENDING", "CORRIDOR_PROCESSING"),
            ("CORRIDOR_PROCESSING", "CROSS_BORDER_SETTLED"),
        ] {
            #expect((value(#"mekong_payment_transitions_total{corridor="KH-TH",from="\#(from)",to="\#(to)"}"#) ?? 0) >= 1, "\(from) → \(to)")
        }
        #expect((value(#"mekong_payment_time_to_final_seconds_count{corridor="KH-TH",state="CROSS_BORDER_SETTLED"}"#) ?? 0) >= 1)
        #expect((value(#"mekong_partner_call_duration_seconds_count{corridor="KH-TH",operation="send",outcome="settled"}"#) ?? 0) >= 1)
        #expect((value(#"mekong_partner_calls_total{corridor="KH-TH",result="answered"}"#) ?? 0) >= 1)
        #expect((value(#"mekong_api_errors_total{code="5001"}"#) ?? 0) >= 1)
        #expect((value(#"mekong_database_call_duration_seconds_count{statement="AcceptBatch"}"#) ?? 0) >= 1)
        #expect(value(#"mekong_corridor_state{corridor="KH-LA",state="planned"}"#) == 1)
        #expect(value(#"mekong_corridor_open{corridor="KH-TH"}"#) == 1)
        #expect(value(#"mekong_payments_open{corridor="KH-TH",state="FX_PENDING"}"#) != nil)
        #expect(value("mekong_outbox_events_waiting") != nil && value("mekong_outbox_oldest_event_age_seconds") != nil)
        #expect((value(#"mekong_rate_snapshot_age_seconds{provider="NBC"}"#) ?? -1) >= 0)
        #expect((value("process_resident_memory_bytes") ?? 0) > 1_000_000 && (value("process_open_fds") ?? 0) > 0)
        #expect((value("process_start_time_seconds") ?? 0) > 1_700_000_000)
        // HTTP requests by route template, method and status (Hummingbird's MetricsMiddleware).
        #expect(
            text.contains(#"hb_requests{http_route="/v1/quotes",http_request_method="POST",http_response_status_code="201"}"#), "\(text.prefix(2000))"
        )
        #expect(text.contains(#"http_server_request_duration_bucket{"#))
        // No id is a label value: not the payment's, not a key's, not a request's.
        let labels = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> Substring? in
            guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { return nil }
            return line[open...close]
        }
        #expect(!labels.contains { $0.contains("pay_") || $0.contains("key_") || $0.contains("req_") || $0.contains(id) })
        // Every line is a comment or `name{labels} value`.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.split(separator: " ").count == 2 && Double(line.split(separator: " ").last!) != nil, "\(line)")
        }
    }
}

@Suite("Logs as JSON lines (log.format: json)")
struct JSONLogTests {
    @Test("every line of the gateway's log is one JSON object; a request's line carries its request id, and no account number is whole")
    func jsonLines() async throws {
        let stack = try await MekongStack.isolated(label: "json-log", settings: ["MEKONG_LOG_FORMAT": "json"])
        let created = try await stack.pay(stack.app, amount: "12.00", beneficiary: "5566778899")
        let id = try #require(created.json["id"] as? String)
        let requestID = try #require(created.header("X-Request-Id"))
        _ = try await stack.waitFor(id)
        let lines = stack.gatewayLogs().split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count > 5)
        var objects: [[String: String]] = []
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            #expect(object != nil, "not a JSON line: \(line.prefix(200))")
            if let object { objects.append(object) }
        }
        #expect(objects.allSatisfy { $0["at"] != nil && $0["level"] != nil && $0["message"] != nil && $0["label"] == "mekong" })
        #expect(objects.contains { $0["request_id"] == requestID }, "the request's access line names its request id")
        #expect(!lines.contains { $0.contains("5566778899") }, "the account is masked")
    }
}
