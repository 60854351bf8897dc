import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import Store

/// Runs a block against `DATABASE_URL` with a short-lived client.
enum CLIDatabase {
    static func with(logger: Logger, _ body: @escaping @Sendable (PostgresClient) async throws -> Void) async throws {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ProcessInfo.processInfo.environment["MEKONG_DATABASE_URL"] else {
            throw ValidationError("DATABASE_URL is not set")
        }
        // The body may ask for a connection before `run()` is scheduled; PostgresNIO waits for
        // it but warns, so its background logger is kept to errors.
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: try DatabaseURL.configuration(from: url), backgroundLogger: background)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}
