import ArgumentParser
import Corridors
import Foundation
import Synchronization

/// `mekong bench-open-loop`: offers requests at a fixed rate whatever the answers do, and
/// measures each one's latency from the moment it was *due*, not from when it went out. A
/// closed-loop tool (wrk) waits for an answer before it sends the next on a connection, so a
/// slow answer lowers the rate it offers and hides the queue behind it (coordinated
/// omission); here a late answer changes nothing about when the next request is sent.
///
/// Requests go out over libcurl's multi interface (the gateway's own `HTTPTransport`), as many
/// connections as are in flight. Prints one `RESULT {json}` line in the shape of
/// `Benchmarks/load/load.lua`'s, for `mekong bench`.
struct OpenLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-open-loop",
        abstract: "Offer requests at a fixed rate and report latency from each request's due time (used by mekong bench).",
        shouldDisplay: false
    )

    @Option(help: "Requests offered per second.") var rate: Int
    @Option(help: "Seconds to offer them for.") var duration: Int
    @Option(help: "The gateway's base URL.") var url: String
    @Option(help: "healthz, quotes or payments.") var mode: String
    @Option(help: "The app key.") var key = ""
    @Option(help: "payments: the quotes' (and Idempotency-Keys') prefix; request n uses PREFIXn.") var prefix = "quo_open_"

    func run() async throws {
        let transport = HTTPTransport()
        let total = rate * duration
        let clock = ContinuousClock()
        let start = clock.now + .milliseconds(50)
        let tally = Tally()
        await withDiscardingTaskGroup { group in
            for number in 0..<total {
                let due = start + .nanoseconds(Int64(number) * 1_000_000_000 / Int64(rate))
                // Sleep only when more than a millisecond early; a late schedule sends at once.
                if due - clock.now > .milliseconds(1) { try? await Task.sleep(until: due, clock: clock) }
                let request = request(number + 1)
                group.addTask {
                    let ok: Bool
                    do { ok = (200..<300).contains(try await transport.send(request).status) } catch { ok = false }
                    let latency = clock.now - due
                    let microseconds = Int(latency.components.seconds) * 1_000_000 + Int(latency.components.attoseconds / 1_000_000_000_000)
                    tally.state.withLock { tally in
                        tally.latencies.append(microseconds)
                        if !ok { tally.failures += 1 }
                    }
                }
            }
        }
        let elapsed = clock.now - start
        let (latencies, failures) = tally.state.withLock { ($0.latencies.sorted(), $0.failures) }
        /// The latency at `perMille` ‰ (nearest rank, rounded up), in whole numbers.
        func percentile(perMille: Int) -> Int {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, max(0, (latencies.count * perMille + 999) / 1000 - 1))]
        }
        let durationMicroseconds = Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000)
        // requests: those answered 2xx; non2xx: every other answer or failure.
        print(
            "RESULT {\"requests\":\(latencies.count - failures),\"duration_us\":\(durationMicroseconds),\"non2xx\":\(failures),\"socket_errors\":0,"
                + "\"p50_us\":\(percentile(perMille: 500)),\"p99_us\":\(percentile(perMille: 990)),\"p999_us\":\(percentile(perMille: 999)),\"offered\":\(total)}"
        )
    }

    /// Each answer's latency (µs) and how many failed, from every sending task.
    final class Tally: Sendable {
        let state = Mutex<(latencies: [Int], failures: Int)>(([], 0))
    }

    private func request(_ number: Int) -> OutboundRequest {
        var headers = [(name: "Authorization", value: "Bearer \(key)"), (name: "Content-Type", value: "application/json")]
        switch mode {
        case "healthz":
            return OutboundRequest(method: "GET", url: url + "/healthz", connectTimeoutMilliseconds: 2_000, totalTimeoutMilliseconds: 10_000)
        case "quotes":
            return OutboundRequest(
                method: "POST", url: url + "/v1/quotes", headers: headers,
                body: Array(#"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#.utf8),
                connectTimeoutMilliseconds: 2_000, totalTimeoutMilliseconds: 10_000)
        default:
            headers.append((name: "Idempotency-Key", value: prefix + String(number)))
            // Each payment from a sender of its own, as many apps' customers are: every one is
            // counted against KH-TH's velocity limits, none reaches them.
            let body =
                #"{"quote_id":"\#(prefix)\#(number)","payer":{"name":"Sok Dara","account":"01\#(String(format: "%010d", number))"},"#
                + #""beneficiary":{"name":"Somchai Jaidee","account":"1234567890"}}"#
            return OutboundRequest(
                method: "POST", url: url + "/v1/payments", headers: headers, body: Array(body.utf8),
                connectTimeoutMilliseconds: 2_000, totalTimeoutMilliseconds: 10_000)
        }
    }
}
