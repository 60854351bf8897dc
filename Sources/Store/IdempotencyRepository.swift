import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// Idempotency records, keyed by (client, key), so one client's key never touches another's.
public struct IdempotencyRepository: Sendable {
    let database: Database
    let logger: Logger
    private let intakeLookups: GroupCommit<(clientID: String, key: String, quoteID: String), (IdempotencyRecord?, QuoteRecord?)>

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
        intakeLookups = GroupCommit(maxBatch: database.batching.maxBatch, maxInFlight: database.batching.maxInFlight) { requests in
            let rows = try await database.execute(IntakeLookup(requests: requests), logger: logger)
            guard rows.count == requests.count else { throw GroupCommitMismatch(expected: requests.count, answered: rows.count) }
            return rows.map { .success(($0.idempotency, $0.quote)) }
        }
    }

    /// Forgets keys made more than `retention` seconds ago by the database's clock (the one
    /// that stamped them); returns how many.
    @discardableResult
    public func forget(olderThan retention: TimeInterval) async throws -> Int {
        let seconds = Int(retention)
        let rows = try await database.query(
            """
            WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < now() - \(seconds) * interval '1 second' RETURNING 1)
            SELECT count(*)::int FROM gone
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// A payment request's two reads in one: the record for the client's key, if any, and the
    /// client's quote, if it exists. Concurrent requests share one statement.
    public func findWithQuote(clientID: String, key: String, quoteID: String) async throws -> (IdempotencyRecord?, QuoteRecord?) {
        try await intakeLookups.submit((clientID, key, quoteID))
    }

    /// The record for a client's key, if any.
    public func find(clientID: String, key: String) async throws -> IdempotencyRecord? {
        try await Self.find(clientID: clientID, key: key, on: database, logger: logger)
    }

    /// Stores a record unless one exists; returns the record now stored (the existing one on conflict).
    /// Stores `record` unless its key has one already; returns the record that holds, and
    /// whether it is the one just stored.
    public func insertOrFetch(_ record: IdempotencyRecord) async throws -> (record: IdempotencyRecord, stored: Bool) {
        let rows = try await database.query(
            """
            INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, resource_id)
            VALUES (\(record.clientID), \(record.key), \(record.requestHash), \(record.responseStatus), \(record.responseBody), \(record.resourceID))
            ON CONFLICT (client_id, key) DO NOTHING RETURNING client_id
            """, logger: logger)
        for try await _ in rows { return (record, true) }
        guard let existing = try await find(clientID: record.clientID, key: record.key) else { return (record, true) }
        return (existing, false)
    }

    static func insert(_ record: IdempotencyRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, resource_id)
            VALUES (\(record.clientID), \(record.key), \(record.requestHash), \(record.responseStatus), \(record.responseBody), \(record.resourceID))
            """, logger: logger)
    }

    static func find(clientID: String, key: String, on database: Database, logger: Logger) async throws -> IdempotencyRecord? {
        for (hash, status, body, resource) in try await database.execute(IdempotencyByKey(clientID: clientID, key: key), logger: logger) {
            return IdempotencyRecord(
                clientID: clientID, key: key, requestHash: hash, responseStatus: status,
                responseBody: body, resourceID: resource)
        }
        return nil
    }
}
