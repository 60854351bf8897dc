import Foundation

/// The one table `mekong bench` prints, with the ratios and the load's parameters.
struct BenchTable {
    let connections: Int
    let threads: Int
    let seconds: Int
    let databaseClients: Int
    var readyMilliseconds = 0
    var healthz: LoadResult?
    var database: LoadResult?
    var accept: LoadResult?
    var accepted = 0
    var endToEnd: EndToEndResult?
    var quotes: LoadResult?
    var acceptOpen: LoadResult?
    var quotesOpen: LoadResult?
    /// Calls of the batched accept statement during the closed-loop accept phase.
    var acceptBatchCalls: Int?
    /// pgbench running the batched accept statements, `pgbenchBatch` payments each.
    var pgbenchBatch = 0
    var batchedDatabase: LoadResult?
    var peakKilobytes: Int?
    /// Accepts through two gateway instances at once (half the connections each).
    var twoInstances: LoadResult?
    /// Cores each process group used during a phase, by phase.
    var cpu: [String: CPU] = [:]

    struct CPU {
        let gateway: String
        let postgres: String
        let sandbox: String
    }

    func render() -> String {
        var rows: [(String, String, String)] = []
        func cpuRow(_ phase: String) {
            guard let cpu = cpu[phase] else { return }
            rows.append(("", "", "CPU cores: gateway \(cpu.gateway), PostgreSQL \(cpu.postgres), sandbox \(cpu.sandbox)"))
        }
        if let healthz {
            rows.append(("1 framework limit: GET /healthz", "\(grouped(healthz.perSecond)) req/s", latencies(healthz)))
        }
        if let database {
            rows.append(
                (
                    "2 database limit: pgbench, accept SQL", "\(grouped(database.perSecond)) tx/s",
                    "\(grouped(database.requests)) tx, \(database.failures) failed"
                ))
        }
        if let batchedDatabase {
            rows.append(
                (
                    "2b database limit: pgbench, batched accept SQL", "\(grouped(batchedDatabase.perSecond)) payments/s",
                    "\(pgbenchBatch) payments a statement; \(batchedDatabase.failures) failed"
                ))
        }
        if let accept {
            rows.append(("3 accept: POST /v1/payments", "\(grouped(accept.perSecond)) payments/s", latencies(accept)))
            rows.append(("", "", "\(grouped(accepted)) stored, \(accept.failures) non-2xx or socket errors"))
            cpuRow("accept")
            if let calls = acceptBatchCalls, calls > 0 {
                rows.append(("", "", "\(grouped(calls)) accept statements, \(accepted / calls) payments each on average"))
            }
        }
        if let acceptOpen {
            rows.append(("3b accept, open loop", "\(grouped(acceptOpen.perSecond)) payments/s", latencies(acceptOpen)))
            rows.append(("", "", "offered \(grouped(acceptOpen.offered ?? 0)) in \(seconds) s, \(acceptOpen.failures) non-2xx or errors"))
            cpuRow("accept-open")
        }
        if let endToEnd {
            rows.append(
                (
                    "4 end to end KH-TH: create → CROSS_BORDER_SETTLED", "\(grouped(endToEnd.settledPerSecond)) payments/s",
                    "p50 \(endToEnd.p50Milliseconds) ms  p99 \(endToEnd.p99Milliseconds) ms"
                ))
            rows.append(
                (
                    "", "",
                    "offered \(grouped(endToEnd.offered.perSecond))/s open loop; \(grouped(endToEnd.settled)) of \(grouped(endToEnd.created)) settled; accept "
                        + latencies(endToEnd.offered)
                ))
            cpuRow("end-to-end")
        }
        if let quotes {
            rows.append(("5 quotes: POST /v1/quotes", "\(grouped(quotes.perSecond)) req/s", latencies(quotes)))
            cpuRow("quotes")
        }
        if let quotesOpen {
            rows.append(("5b quotes, open loop", "\(grouped(quotesOpen.perSecond)) req/s", latencies(quotesOpen)))
            rows.append(("", "", "offered \(grouped(quotesOpen.offered ?? 0)) in \(seconds) s, \(quotesOpen.failures) non-2xx or errors"))
            cpuRow("quotes-open")
        }
        if let twoInstances {
            rows.append(
                (
                    "7 accept through 2 gateway instances", "\(grouped(twoInstances.perSecond)) payments/s",
                    "slowest p99 \(twoInstances.p99Microseconds.map { Self.milliseconds($0) } ?? "?"); 1 instance: "
                        + "\(accept.map { grouped($0.perSecond) } ?? "?")/s; \(twoInstances.failures) non-2xx"
                ))
        }
        rows.append(("6 gateway peak RSS", peakKilobytes.map { "\($0 / 1024) MB" } ?? "?", "ready \(readyMilliseconds) ms after start"))
        if let accept, let database, database.perSecond > 0 {
            rows.append(("ratio 3/2 accept ÷ database", percent(accept.perSecond, database.perSecond), ""))
        }
        if let accept, let batchedDatabase, batchedDatabase.perSecond > 0 {
            rows.append(("ratio 3/2b accept ÷ batched database", percent(accept.perSecond, batchedDatabase.perSecond), ""))
        }
        if let accept, let healthz, healthz.perSecond > 0 {
            rows.append(("ratio 3/1 accept ÷ framework", percent(accept.perSecond, healthz.perSecond), ""))
        }
        let widths = (rows.map(\.0.count).max() ?? 0, rows.map(\.1.count).max() ?? 0)
        var lines = rows.map { row in
            row.0.padding(toLength: widths.0, withPad: " ", startingAt: 0) + "  "
                + String(repeating: " ", count: widths.1 - row.1.count) + row.1 + "  " + row.2
        }
        lines.append("")
        lines.append(
            "load: closed loop wrk, \(threads) threads, \(connections) connections; open loop (3b, 4, 5b) mekong bench-open-loop, latency from each request's due time; \(seconds) s per phase; pgbench -M prepared, \(databaseClients) clients (the gateway's pool); each payment its own quote and Idempotency-Key"
        )
        lines.append("machine: \(Self.machine())")
        return lines.joined(separator: "\n")
    }

    private func latencies(_ result: LoadResult) -> String {
        let ms = { (us: Int?) in us.map { Self.milliseconds($0) } ?? "?" }
        return "p50 \(ms(result.p50Microseconds))  p99 \(ms(result.p99Microseconds))  p99.9 \(ms(result.p999Microseconds))"
    }

    /// Microseconds as milliseconds with two decimals, from integers.
    static func milliseconds(_ microseconds: Int) -> String {
        let hundredths = (microseconds + 5) / 10
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) ms"
    }

    private func percent(_ part: Int, _ whole: Int) -> String { "\((part * 100 + whole / 2) / whole) %" }

    private func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    static func machine() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \((memory ?? 0) / 1_048_576) GiB, everything on one machine"
    }
}
