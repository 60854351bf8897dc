import Foundation

/// One statement through `psql` on a test database: its unaligned, trimmed output.
enum PSQL {
    static func run(_ databaseURL: String, _ statement: String) async throws -> String {
        let result = try await TestProcess.run("/usr/bin/psql", [databaseURL, "-tAc", statement], environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else { throw StackError("psql: \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
