import Foundation

/// A child process of the test run (gateway or sandbox), its output going to a log file.
/// Every one started is killed when the test process exits.
final class TestProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(executable: String, arguments: [String], environment: [String: String], logPath: String) throws {
        self.logPath = logPath
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        TestProcess.register(process)
    }

    var isRunning: Bool { process.isRunning }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func kill() {
        if process.isRunning { process.terminate() }
    }

    // MARK: Cleanup at exit

    private static let lock = NSLock()
    nonisolated(unsafe) private static var children: [Process] = []
    private static let installExitHook: Void = {
        atexit {
            TestProcess.lock.lock()
            for child in TestProcess.children where child.isRunning { child.terminate() }
            TestProcess.lock.unlock()
        }
    }()

    private static func register(_ process: Process) {
        installExitHook
        lock.lock()
        children.append(process)
        lock.unlock()
    }

    /// Runs a command to completion and returns its exit status and output.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
