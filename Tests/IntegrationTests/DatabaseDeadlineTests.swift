import Foundation
import Logging
import MekongCore
import PostgresNIO
import Store
import Synchronization
import Testing

/// The cause of the connection-loss finding, on a real PostgreSQL: a statement sent on a
/// connection that PostgreSQL closed under it. PostgresNIO 1.33 writes it without watching
/// the write, so on its own the statement never ends; through `Database` the caller gets an
/// "unavailable" answer by the deadline (the API's 503, the workers' retry) instead.
@Suite("Database deadline: a statement on a connection PostgreSQL closed ends")
struct DatabaseDeadlineTests {
    @Test("a statement sent after the server ended the connection: Database answers by its deadline, as unavailable")
    func statementOnClosedConnection() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["MEKONG_TEST_DATABASE_URL"], "run with scripts/test")
        let logger = {
            var logger = Logger(label: "deadline-test")
            logger.logLevel = .error
            return logger
        }()
        let client = PostgresClient(configuration: try DatabaseURL.configuration(from: url), backgroundLogger: logger)
        // The deadline covers the whole body, set-up included: generous for a loaded machine.
        let database = Database(client: client, deadline: .seconds(10))
        let sent = Atomic<Bool>(false)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }

            let error = await #expect(throws: (any Error).self) {
                try await database.withConnection { connection in
                    let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT pg_backend_pid()"), logger: logger)
                    var pid: Int32?
                    for try await value in rows.decode(Int32.self) { pid = value }
                    // Another connection ends this one's backend, as a PostgreSQL shutdown does.
                    try await client.query("SELECT pg_terminate_backend(\(try #require(pid)))", logger: logger)
                    while !connection.isClosed { try await Task.sleep(for: .milliseconds(10)) }
                    try await Task.sleep(for: .milliseconds(100))
                    sent.store(true, ordering: .relaxed)
                    try await connection.query(PostgresQuery(unsafeSQL: "SELECT 1"), logger: logger)
                }
            }
            let wasSent = sent.load(ordering: .relaxed)
            #expect(wasSent, "the statement was sent on the closed connection")
            #expect(error.map { StoreError.isUnavailable($0) } == true, "an unavailability (503 at the API): \(error.map { "\($0)" } ?? "none")")

            // The client itself is unharmed: the next call gets a fresh connection.
            var one: [Int] = []
            for try await value in try await database.query("SELECT 1", logger: logger).decode(Int.self) { one.append(value) }
            #expect(one == [1])
        }
    }
}
