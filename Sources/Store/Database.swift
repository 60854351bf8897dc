public import Logging
import MekongCore
import Metrics
public import PostgresNIO

/// The PostgreSQL client as the repositories use it: every call — its wait for a connection
/// included — has a deadline (`database.deadline_seconds`).
///
/// PostgresNIO 1.33 writes a query to its connection without watching the write: a query
/// sent to a connection that closed under it (PostgreSQL shutting down between a
/// transaction's statements, or between a connection's lease and its use) never completes.
/// Past the deadline the caller gets `DeadlineExceeded` — `StoreError.isUnavailable`, so an API
/// caller gets 503 (4002) and a background worker retries on its next round — and the call
/// is abandoned. Its outcome is unknown, as with any lost answer: an API client retries with
/// the same idempotency key; the workers' writes are guarded by versions and leases.
public struct Database: Sendable {
    public let client: PostgresClient
    public let deadline: Duration
    /// Whether PostgreSQL is known to be down (the gateway's database watch): a call waiting
    /// then is abandoned with `StoreError.unreachable` within `Deadline.checkInterval` rather
    /// than at its deadline — the pool would wait for a connection it cannot make.
    public let isKnownDown: (@Sendable () -> Bool)?
    /// How the repositories' batched statements group concurrent calls.
    public let batching: BatchSettings

    public init(
        client: PostgresClient, deadline: Duration = .seconds(15), isKnownDown: (@Sendable () -> Bool)? = nil,
        batching: BatchSettings = .standard
    ) {
        self.client = client
        self.deadline = deadline
        self.isKnownDown = isKnownDown
        self.batching = batching
    }

    /// A statement; its rows are read after the deadline's end (a closing connection fails
    /// their stream, it does not hang it).
    @discardableResult
    public func query(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws -> PostgresRowSequence {
        let client = client
        // PostgresClient leases and releases for itself here: in use while the call runs
        // (its rows are in hand by then), with no wait figure of its own.
        return try await bounded("query") {
            Self.connectionsInUse.increment()
            defer { Self.connectionsInUse.decrement() }
            return try await client.query(query, logger: logger, file: file, line: line)
        }
    }

    /// A prepared statement, its rows read within the deadline.
    public func execute<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        let client = client
        return try await bounded(String(describing: Statement.self)) {
            try await Self.leased(client) { connection in
                var rows: [Statement.Row] = []
                for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                return rows
            }
        }
    }

    /// A transaction (BEGIN, `body`, COMMIT; ROLLBACK when `body` throws), as one call.
    public func withTransaction<Result: Sendable>(
        logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let client = client
        return try await bounded("transaction") {
            try await Self.leased(client) { connection in try await connection.withTransaction(logger: logger) { try await body($0) } }
        }
    }

    /// Several statements on one connection, as one call.
    public func withConnection<Result: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        let client = client
        return try await bounded("connection") { try await Self.leased(client) { connection in try await body(connection) } }
    }

    /// `body` on a connection leased from the pool: the wait for it is
    /// `mekong_database_connection_wait_seconds`, and while `body` runs the connection counts in
    /// `mekong_database_connections_in_use`. (PostgresNIO keeps its pool's own figures to itself.)
    private static func leased<Result: Sendable>(
        _ client: PostgresClient,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let asked = ContinuousClock.now
        return try await client.withConnection { connection in
            connectionWait.recordNanoseconds(Int64((ContinuousClock.now - asked) / .nanoseconds(1)))
            connectionsInUse.increment()
            defer { connectionsInUse.decrement() }
            return try await body(connection)
        }
    }

    private static let connectionWait = Timer(label: "mekong_database_connection_wait_seconds", preferredDisplayUnit: .seconds)
    private static let connectionsInUse = Meter(label: "mekong_database_connections_in_use")

    private static let callDurations = MetricHandles { labels in
        Timer(label: "mekong_database_call_duration_seconds", dimensions: [("statement", labels[0])], preferredDisplayUnit: .seconds)
    }
    private static let deadlineHits = MetricHandles { labels in
        Counter(label: "mekong_database_deadline_hits_total", dimensions: [("statement", labels[0])])
    }

    /// Runs `call` within the deadline, timing it as `mekong_database_call_duration_seconds{statement}`
    /// (a prepared statement's name, or `query`, `transaction`, `connection`) and counting
    /// `mekong_database_deadline_hits_total{statement}` when the deadline ran out.
    private func bounded<Value: Sendable>(_ name: String, _ call: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let started = ContinuousClock.now
        defer {
            Self.callDurations(name).recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
        }
        do {
            guard let isKnownDown else { return try await Deadline.run(within: deadline, call) }
            return try await Deadline.run(within: deadline, abandonWhen: { isKnownDown() ? StoreError.unreachable : nil }, call)
        } catch let error as DeadlineExceeded {
            Self.deadlineHits(name).increment()
            throw error
        }
    }
}
