public import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// The reads behind the daily compliance report: payments over the reporting threshold.
public struct ComplianceReportRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Payments created in `[from, to)` whose Cambodian-side amount (source outbound,
    /// destination inbound) is at or over the threshold in its currency, oldest first.
    public func largePayments(from: Date, to: Date, thresholds: [Money]) async throws -> [(PaymentRecord, Money)] {
        let currencies = thresholds.map(\.currency.code)
        let minimums = thresholds.map(\.minorUnits)
        let rows = try await database.query(
            """
            SELECT \(unescaped: PaymentRepository.columns) FROM payments p
            JOIN unnest(\(currencies)::text[], \(minimums)::int8[]) AS t(currency, minimum)
              ON t.currency = CASE WHEN p.direction = 'inbound' THEN p.destination_currency ELSE p.source_currency END
            WHERE p.created_at >= \(from) AND p.created_at < \(to)
              AND (CASE WHEN p.direction = 'inbound' THEN p.destination_minor ELSE p.source_minor END) >= t.minimum
            ORDER BY p.created_at, p.id
            """, logger: logger)
        var found: [(PaymentRecord, Money)] = []
        for try await row in rows {
            let payment = try PaymentRepository.decode(row.makeRandomAccess())
            found.append((payment, payment.direction == .inbound ? payment.destinationAmount : payment.sourceAmount))
        }
        return found
    }

    public func payment(id: String) async throws -> PaymentRecord? {
        let rows = try await database.query("SELECT \(unescaped: PaymentRepository.columns) FROM payments WHERE id = \(id)", logger: logger)
        for try await row in rows { return try PaymentRepository.decode(row.makeRandomAccess()) }
        return nil
    }
}
