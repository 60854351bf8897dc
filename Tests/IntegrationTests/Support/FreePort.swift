import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing listens on right now, for a test's gateway, sandbox or
/// PostgreSQL to bind a moment later.
///
/// Chosen below the kernel's ephemeral range (32768–60999 on Linux): a port the kernel picked
/// for `bind(0)` is one it also hands out as the source port of outgoing connections, and with
/// the suites' many clients one such connection took a gateway's port between the check and
/// the bind (a CI run failed with "Address already in use"). A port is never handed out twice
/// in one test process.
enum FreePort {
    private static let given = Mutex(Set<Int>())

    /// 20000–32000, or what lies below this machine's ephemeral range when it starts lower
    /// (`net.ipv4.ip_local_port_range`; a machine may be set otherwise than Linux's default).
    static let candidates: ClosedRange<Int> = {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard bounds.count == 2 else { return 20_000...32_000 }
        if bounds[0] > 20_000 { return 20_000...min(32_000, bounds[0] - 1) }
        if bounds[0] > 11_000 { return 10_000...(bounds[0] - 1) }
        if bounds[1] < 64_000 { return (bounds[1] + 1)...65_000 }
        return 20_000...32_000  // the whole range is ephemeral: a clash stays possible
    }()

    static func next() -> Int {
        while true {
            let port = Int.random(in: candidates)
            guard given.withLock({ $0.insert(port).inserted }), isFree(port) else { continue }
            return port
        }
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } } == 0
    }
}
