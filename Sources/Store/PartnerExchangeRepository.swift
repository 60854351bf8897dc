import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// The partner exchanges made about each payment, already redacted. Written after the
/// exchange (an observation, not part of the payment's state), read by the console.
public struct PartnerExchangeRepository: Sendable {
    let database: Database
    let logger: Logger
    private let inserts: GroupCommit<[(paymentID: String, exchange: RecordedExchange)], Void>

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
        inserts = GroupCommit(maxBatch: database.batching.maxBatch, maxInFlight: database.batching.maxInFlight) { calls in
            let rows = calls.flatMap { $0 }
            // 2,000 rows a statement: each column is one parameter, so this bounds the message, not the parameter count.
            for start in stride(from: 0, to: rows.count, by: 2_000) {
                _ = try await database.execute(ExchangeInsertBatch(rows: Array(rows[start..<min(start + 2_000, rows.count)])), logger: logger)
            }
            return calls.map { _ in .success(()) }
        }
    }

    /// Stores `exchanges` under each of `paymentIDs` (a batch exchange belongs to every member),
    /// in one statement with the exchanges of other payments recorded at the same moment.
    public func record(_ exchanges: [RecordedExchange], paymentIDs: [String]) async throws {
        let rows = paymentIDs.flatMap { id in exchanges.map { (paymentID: id, exchange: $0) } }
        guard !rows.isEmpty else { return }
        try await inserts.submit(rows)
    }

    /// A payment's exchanges, oldest first.
    public func list(paymentID: String, limit: Int = 100) async throws -> [RecordedExchange] {
        let rows = try await database.query(
            """
            SELECT corridor_id, method, path, status, duration_ms, request, response, error, at FROM partner_exchanges
            WHERE payment_id = \(paymentID) ORDER BY id LIMIT \(limit)
            """, logger: logger)
        var found: [RecordedExchange] = []
        for try await (corridor, method, path, status, ms, request, response, error, at)
            in rows.decode((String, String, String, Int?, Int?, String, String?, String?, Date).self)
        {
            found.append(
                RecordedExchange(
                    corridorID: corridor, method: method, path: path, status: status, durationMilliseconds: ms,
                    request: request, response: response, error: error, at: at))
        }
        return found
    }
}
