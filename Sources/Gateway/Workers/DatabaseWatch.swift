import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// Watches whether PostgreSQL answers: `SELECT 1` every `interval`, given `patience` to answer;
/// two misses in a row (an error or no answer in time) mark it unreachable, one answer
/// reachable again — so a single slow answer under load does not turn requests away.
///
/// PostgresNIO's pool waits, without a deadline, for a connection it cannot make: while the
/// database is down every request would hang. With the watch, requests fail at once with 503
/// (4002) and Retry-After instead, and are served again as soon as a ping gets through (the
/// pool reconnects by itself).
final class DatabaseWatch: Service, Sendable {
    private let database: PostgresClient
    private let interval: Duration
    private let patience: Duration
    private let logger: Logger
    private let reachable = Atomic<Bool>(true)

    init(database: PostgresClient, interval: Duration = .milliseconds(500), patience: Duration = .seconds(2), logger: Logger) {
        self.database = database
        self.interval = interval
        self.patience = patience
        self.logger = logger
    }

    /// Whether the last ping was answered in time.
    var isReachable: Bool { reachable.load(ordering: .relaxed) }

    func run() async throws {
        var misses = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            misses = await ping() ? 0 : misses + 1
            let answered = misses < 2
            if reachable.exchange(answered, ordering: .relaxed) != answered {
                if answered { logger.notice("PostgreSQL answers again") } else { logger.error("PostgreSQL does not answer; requests get 503") }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// `SELECT 1` within `patience`; false on an error or when the time runs out. The query is
    /// not waited for past the deadline: a request for a connection the pool cannot make may
    /// not end when cancelled.
    func ping() async -> Bool {
        let database = database, logger = logger, patience = patience
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let query = Task { answer.give((try? await database.query("SELECT 1", logger: logger)) != nil) }
            Task {
                try? await Task.sleep(for: patience)
                answer.give(false)
                query.cancel()
            }
        }
    }
}
