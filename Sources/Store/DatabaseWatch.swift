import Foundation
public import Logging
import MekongCore
public import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// Watches whether PostgreSQL answers: `SELECT 1` every `interval` on a connection of its own
/// (outside the pool), given `patience` to answer; two misses in a row (an error or no answer
/// in time) mark it unreachable, one answer reachable again — so a single slow answer under
/// load does not turn requests away.
///
/// The pool waits, without a deadline, for a connection it cannot make, and a busy pool would
/// make a ping wait behind the requests; a connection of the watch's own is refused at once
/// while PostgreSQL is down (and re-made on the next ping when lost). With the watch, requests
/// fail at once with 503 (4002) and Retry-After within about a second of an outage, and are
/// served again as soon as a ping gets through (the pool reconnects by itself).
public final class DatabaseWatch: Service, Sendable {
    private let database: PostgresClient
    private let configuration: PostgresConnection.Configuration
    private let interval: Duration
    private let patience: Duration
    private let logger: Logger
    private let reachable = Atomic<Bool>(true)

    public init(
        database: PostgresClient, configuration: PostgresConnection.Configuration, interval: Duration = .milliseconds(500),
        patience: Duration = .seconds(2),
        logger: Logger
    ) {
        var configuration = configuration
        configuration.options.connectTimeout = .init(patience)
        self.database = database
        self.configuration = configuration
        self.interval = interval
        self.patience = patience
        self.logger = logger
    }

    /// Whether the last ping was answered in time.
    public var isReachable: Bool { reachable.load(ordering: .relaxed) }

    public func run() async throws {
        var misses = 0
        var connection: PostgresConnection?
        await PollingLoop.run(every: interval) {
            connection = await check(on: connection)
            misses = connection != nil ? 0 : misses + 1
            let answered = misses < 2
            if reachable.exchange(answered, ordering: .relaxed) != answered {
                if answered { logger.notice("PostgreSQL answers again") } else { logger.error("PostgreSQL does not answer; requests get 503") }
            }
            return false
        }
        try? await connection?.close()
    }

    /// `SELECT 1` within `patience` on `kept` (or a new connection when it is gone); the
    /// connection that answered, or nil on an error or when the time runs out (the ping is then
    /// abandoned, not waited for — see `Deadline` — and the connection closed; a connection
    /// made for it closes itself if it answers after that).
    private func check(on kept: PostgresConnection?) async -> PostgresConnection? {
        let configuration = configuration
        let logger = logger
        do {
            return try await Deadline.run(within: patience) {
                if let kept, !kept.isClosed {
                    try await kept.query("SELECT 1", logger: logger)
                    return kept
                }
                let fresh = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                do {
                    try await fresh.query("SELECT 1", logger: logger)
                    // Abandoned by the deadline meanwhile: no one will keep or close it but us.
                    try Task.checkCancellation()
                    return fresh
                } catch {
                    try? await fresh.close()
                    throw error
                }
            }
        } catch {
            if let kept { Task { try? await kept.close() } }
            return nil
        }
    }

    /// `SELECT 1` through the pool within `patience` (for `/readyz`: whether this gateway can
    /// serve a request now); false on an error or when the time runs out.
    public func ping() async -> Bool {
        let database = database
        let logger = logger
        return (try? await Deadline.run(within: patience) { try await database.query("SELECT 1", logger: logger) }) != nil
    }
}
