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

    /// Why a process that should be serving is not: its exit status (when it has ended) and the
    /// last `lines` of its log, where the reason is; a CI page shows the start of a long
    /// failure message and elides the rest.
    func failureReport(lines: Int = 12) -> String {
        let status = process.isRunning ? "still running" : "exit status \(process.terminationStatus)"
        let tail = log().split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        return "\(status); the last \(lines) lines of \(logPath):\n\(tail)"
    }

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

    /// Spawned with `posix_spawn` and waited for with `waitpid` on its own pid, not through
    /// Foundation's `Process`: with many children started and ended from several threads at
    /// once, `Process.waitUntilExit` was seen to miss an exit (the child left a zombie and the
    /// wait never returned). The output goes to a file, not a pipe: a child started meanwhile
    /// from another thread (a gateway, a sandbox) can inherit a pipe's write end and hold it
    /// open for its whole life, so a read to the pipe's end would never return.
    private static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String]
    ) throws -> (status: Int32, output: String) {
        let outputPath = NSTemporaryDirectory() + "/mekong-run-\(UUID().uuidString).out"
        let output = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw StackError("cannot create \(outputPath)") }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with no signal blocked and every signal at its default (the test
        // runner's threads block most signals, and children inherit the mask).
        var none = sigset_t()
        var all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(output)
        guard spawned == 0 else { throw StackError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw StackError("waitpid \(executable): \(String(cString: strerror(errno)))") }
        }
        // Exited: the low 7 bits are 0 and the code is in the next byte; else killed by a signal.
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return (code, String(decoding: data, as: UTF8.self))
    }
}
