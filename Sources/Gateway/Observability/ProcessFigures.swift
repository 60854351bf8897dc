import Foundation
import Metrics
import Synchronization

/// The standard process series, as Prometheus' own client libraries export them, read from
/// /proc at each scrape: `process_resident_memory_bytes`, `process_cpu_seconds_total`,
/// `process_open_fds`, `process_max_fds` and `process_start_time_seconds`.
enum ProcessFigures {
    /// CPU seconds already counted, so that the counter only ever adds what was used since.
    private static let counted = Mutex<Double>(0)

    static func record() {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return }
        // Fields after "(comm) ": state is field 3; utime 14, stime 15, starttime 22, rss 24.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let rss = field(24) { Gauge(label: "process_resident_memory_bytes").record(rss * page) }
        if let user = field(14), let system = field(15), ticks > 0 {
            let total = (user + system) / ticks
            let delta = counted.withLock { last -> Double in
                let delta = max(0, total - last)
                last = max(last, total)
                return delta
            }
            if delta > 0 { FloatingPointCounter(label: "process_cpu_seconds_total").increment(by: delta) }
        }
        if let start = field(22), ticks > 0, let boot = bootTime() { Gauge(label: "process_start_time_seconds").record(boot + start / ticks) }
        if let open = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            Gauge(label: "process_open_fds").record(Double(open.count))
        }
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 { Gauge(label: "process_max_fds").record(Double(limit.rlim_cur)) }
    }

    /// The machine's boot time in Unix seconds (`btime` in /proc/stat).
    private static func bootTime() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("btime ") }.flatMap { Double($0.dropFirst(6)) }
    }
}
