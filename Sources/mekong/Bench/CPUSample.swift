import Foundation

/// CPU time used so far by the gateway, the sandbox and every PostgreSQL process, read from
/// /proc (utime + stime, in clock ticks). Two samples around a phase give each one's share.
struct CPUSample {
    let at: Date
    let gateway: Int
    let sandbox: Int
    let postgres: Int

    static func take(gateway: Int32?, sandbox: Int32?) -> CPUSample {
        let postgres =
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init).filter { pid in
                (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("postgres") == true
            } ?? []
        return CPUSample(
            at: Date(), gateway: gateway.map(ticks) ?? 0, sandbox: sandbox.map(ticks) ?? 0,
            postgres: postgres.map(ticks).reduce(0, +))
    }

    /// Cores used between `earlier` and this sample, per process group, as "1.23".
    func cores(since earlier: CPUSample) -> (gateway: String, postgres: String, sandbox: String) {
        // Hundredths of a core, in integers: ticks × 100 ÷ (ticks a second × elapsed).
        let milliseconds = max(Int(at.timeIntervalSince(earlier.at) * 1000), 1)
        let hz = sysconf(Int32(_SC_CLK_TCK))
        func share(_ ticks: Int) -> String {
            let hundredths = ticks * 100 * 1000 / (hz * milliseconds)
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
        }
        return (share(gateway - earlier.gateway), share(postgres - earlier.postgres), share(sandbox - earlier.sandbox))
    }

    /// utime + stime of one process (fields 14 and 15 of /proc/PID/stat, after the command name).
    private static func ticks(_ pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
        return user + system
    }
}
