import ArgumentParser
import Foundation
import Gateway
import Logging
import PostgresNIO
import Store

/// `mekong migrate`: applies the schema migrations to `DATABASE_URL`.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply database migrations to DATABASE_URL.")

    func run() async throws {
        let logger = CLILogging.logger("mekong.migrate", level: "info")
        try await CLIDatabase.with(logger: logger) { client in
            let applied = try await Migrator(client: client, logger: logger).migrate()
            print(applied.isEmpty ? "schema is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
        }
    }
}
