import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process of the test run (gateway or sandbox), its output going to a log file.
/// Every one started is killed when the test process exits.
final class TestProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(executable: String, arguments: [String], environment: [String: String], logPath: String) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        // Children inherit the spawning thread's signal mask, and the test runner's threads
        // block most signals: without this a gateway would never see SIGTERM.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        try process.run()
        TestProcess.register(process)
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGTERM, SIGKILL…).
    func send(_ signal: Int32) { _ = Glibc.kill(process.processIdentifier, signal) }

    /// Waits up to `seconds` for the process to end; its exit status, or nil if it still runs.
    func waitForExit(seconds: Double) async throws -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    var isRunning: Bool { process.isRunning }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    // MARK: Cleanup at exit

    private static let lock = NSLock()
    nonisolated(unsafe) private static var children: [Process] = []
    private static let installExitHook: Void = {
        atexit {
            TestProcess.lock.lock()
            let running = TestProcess.children.filter(\.isRunning)
            TestProcess.lock.unlock()
            for child in running { child.terminate() }
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline, running.contains(where: \.isRunning) { usleep(20_000) }
            for child in running where child.isRunning { Glibc.kill(child.processIdentifier, SIGKILL) }
        }
    }()

    private static func register(_ process: Process) {
        installExitHook
        lock.lock()
        children.append(process)
        lock.unlock()
    }

    /// Runs a command to completion and returns its exit status and output.
    ///
    /// The wait happens on a thread of its own, never on one of Swift's cooperative threads:
    /// there are only as many of those as cores (two here), and a test blocked in
    /// `waitUntilExit` on each would stall every other test of the run — their deadlines
    /// running out while nothing of theirs could execute.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, environment: environment) })
            }
            thread.start()
        }
    }

    /// The output goes to a file, not a pipe: a child started meanwhile from another thread (a
    /// gateway, a sandbox) can inherit a pipe's write end and hold it open for its whole life,
    /// and a read to the pipe's end would then never return. The wait is for the exit itself.
    private static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "/mekong-run-\(UUID().uuidString).out"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil) else { throw StackError("cannot create \(outputPath)") }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? output.close()
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
