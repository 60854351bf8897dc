import Foundation
import Glibc

/// A PostgreSQL 15 cluster of a test's own, which the test may stop and start (the shared
/// one serves every other suite). As root, initdb and postgres run as the postgres user.
final class PrivatePostgres: Sendable {
    static let bin = "/usr/lib/postgresql/15/bin"
    let directory: String
    let port: Int

    var adminURL: String { "postgres://mekong@127.0.0.1:\(port)/postgres" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mekong-it-pg-\(UInt32.random(in: 0...UInt32.max))").path
        port = FreePort.next()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run("/bin/chown", ["postgres:postgres", directory], asOwner: false) }
        try Self.run(Self.bin + "/initdb", ["-D", directory, "-U", "mekong", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], asOwner: true)
        try start()
    }

    func start() throws {
        try Self.run(
            Self.bin + "/pg_ctl",
            [
                "-D", directory, "-l", directory + "/server.log", "-w", "-t", "60",
                "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=200", "start",
            ],
            asOwner: true)
    }

    /// Stops the server the fast way: open connections are cut.
    func stop() throws {
        try Self.run(Self.bin + "/pg_ctl", ["-D", directory, "-m", "fast", "-w", "stop"], asOwner: true)
    }

    /// Runs a tool to its end through the shell, output to a file. Not Foundation's Process:
    /// the server pg_ctl leaves running inherits what Process watches for the child's end, so
    /// Process would wait for the server, not for pg_ctl. Every word is a path or flag made here.
    private static func run(_ executable: String, _ arguments: [String], asOwner: Bool) throws {
        let words = (asOwner && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [executable] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("mekong-it-pg-tool-\(UInt32.random(in: 0...UInt32.max)).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command =
            words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            + " > '\(output)' 2>&1 < /dev/null"
        let status = Glibc.system(command)
        guard status == 0 else {
            throw StackError("\(executable) failed (\(status)): \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        }
    }
}
