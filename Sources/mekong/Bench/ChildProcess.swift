import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process `mekong bench` starts: the sandbox, the gateway, wrk, pgbench, psql or curl.
/// Its output goes to a log file (long-running services) or is collected (tools).
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let output: Pipe?

    /// Starts `executable` with `arguments`; output to `logPath`, or kept for `finish()`.
    init(_ executable: String, _ arguments: [String], environment: [String: String], logPath: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let logPath {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = log
            process.standardError = log
            output = nil
        } else {
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            output = pipe
        }
        // A child inherits the spawning thread's signal mask, and Swift's threads block most
        // signals: pgbench would never see the SIGALRM that ends -T, nor the gateway SIGTERM.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for the end; returns the exit status and everything it printed.
    func finish() -> (status: Int32, output: String) {
        let data = output?.fileHandleForReading.readDataToEndOfFile() ?? Data()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A field of /proc/PID/status in kB (`VmHWM` is the peak resident set).
    func memory(_ field: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Runs a tool to its end and returns what it printed; throws if it fails.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let (status, text) = try ChildProcess(executable, arguments, environment: environment).finish()
        guard status == 0 else { throw BenchFailure("\(executable) \(arguments.prefix(3).joined(separator: " ")) … failed (\(status)): \(text)") }
        return text
    }
}
