import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// The partner exchanges made about each payment, already redacted. Written after the
/// exchange (an observation, not part of the payment's state), read by the console.
public struct PartnerExchangeRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Stores `exchanges` under each of `paymentIDs` (a batch exchange belongs to every member).
    public func record(_ exchanges: [RecordedExchange], paymentIDs: [String]) async throws {
        let rows: [[(any PostgresEncodable)?]] = paymentIDs.flatMap { id in
            exchanges.map { [id, $0.corridorID, $0.method, $0.path, $0.status, $0.durationMilliseconds, $0.request, $0.response, $0.error, $0.at] }
        }
        // 500 rows (5,000 parameters) a statement: a big batch's members stay under PostgreSQL's 65,535.
        for start in stride(from: 0, to: rows.count, by: 500) {
            try await database.query(MultiRowInsert.query(
                "INSERT INTO partner_exchanges (payment_id, corridor_id, method, path, status, duration_ms, request, response, error, at)",
                rows: Array(rows[start..<min(start + 500, rows.count)])), logger: logger)
        }
    }

    /// A payment's exchanges, oldest first.
    public func list(paymentID: String, limit: Int = 100) async throws -> [RecordedExchange] {
        let rows = try await database.query("""
            SELECT corridor_id, method, path, status, duration_ms, request, response, error, at FROM partner_exchanges
            WHERE payment_id = \(paymentID) ORDER BY id LIMIT \(limit)
            """, logger: logger)
        var found: [RecordedExchange] = []
        for try await (corridor, method, path, status, ms, request, response, error, at)
            in rows.decode((String, String, String, Int?, Int?, String, String?, String?, Date).self) {
            found.append(RecordedExchange(corridorID: corridor, method: method, path: path, status: status, durationMilliseconds: ms,
                                          request: request, response: response, error: error, at: at))
        }
        return found
    }
}
