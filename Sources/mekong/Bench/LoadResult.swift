import Foundation

/// What one load run measured: wrk's `RESULT {…}` line, or pgbench's summary.
struct LoadResult {
    var requests: Int
    var seconds: Decimal
    var failures: Int
    var p50Microseconds: Int?
    var p99Microseconds: Int?
    var p999Microseconds: Int?
    /// Open loop: requests offered in all.
    var offered: Int?

    var perSecond: Int {
        guard seconds > 0 else { return 0 }
        return NSDecimalNumber(decimal: Decimal(requests) / seconds).intValue
    }

    /// Reads the line load.lua's done() prints.
    static func wrk(_ output: String) throws -> LoadResult {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") }),
            let object = try JSONSerialization.jsonObject(with: Data(line.dropFirst("RESULT ".count).utf8)) as? [String: Int]
        else {
            throw BenchFailure("wrk printed no result:\n\(output)")
        }
        let number = { (key: String) in object[key] ?? 0 }
        return LoadResult(
            requests: number("requests"), seconds: Decimal(number("duration_us")) / 1_000_000,
            failures: number("non2xx") + number("socket_errors"),
            p50Microseconds: number("p50_us"), p99Microseconds: number("p99_us"), p999Microseconds: number("p999_us"),
            offered: object["offered"])
    }

    /// Reads pgbench's summary: "number of transactions actually processed: N/M",
    /// "number of failed transactions: N", "latency average = X ms" and the tps line.
    static func pgbench(_ output: String) throws -> LoadResult {
        func value(after label: String) -> Substring? {
            guard let line = output.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
            return line.split(separator: label).last?.split(whereSeparator: { $0 == " " || $0 == "/" || $0 == "(" }).first
        }
        guard let processed = value(after: "actually processed: ").flatMap({ Int($0) }),
            let tps = value(after: "tps = ").flatMap({ Decimal(string: String($0)) }), tps > 0
        else {
            throw BenchFailure("pgbench printed no result:\n\(output)")
        }
        let failed = value(after: "number of failed transactions: ").flatMap { Int($0) } ?? 0
        return LoadResult(requests: processed, seconds: Decimal(processed) / tps, failures: failed)
    }
}
