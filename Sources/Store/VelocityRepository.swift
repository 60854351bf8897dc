public import Foundation
public import Logging
import PostgresNIO

/// Senders' velocity counters (`sender_usage`), read for a refusal's message, a dry run and
/// the admin API. They are written only with the payments that take from them
/// (`AcceptBatch`) and given back by migration 018's triggers.
public struct VelocityRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    private static let columns = """
        sender, corridor_id, payment_type, period, starts_on::text, used_minor, limit_minor, currency, client_id, account_mask, updated_at
        """

    /// A sender's counters for one corridor and type on `day` and in its month.
    public func usage(sender: String, corridorID: String, paymentType: String, day: String, month: String) async throws -> [SenderUsage] {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM sender_usage
            WHERE sender = \(sender) AND corridor_id = \(corridorID) AND payment_type = \(paymentType)
              AND ((period = 'daily' AND starts_on = \(day)::date) OR (period = 'monthly' AND starts_on = \(month)::date))
            """)
    }

    /// Counters of the current day and month, optionally of one client or one sender, busiest first.
    public func current(day: String, month: String, clientID: String?, sender: String?, limit: Int) async throws -> [SenderUsage] {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM sender_usage
            WHERE ((period = 'daily' AND starts_on = \(day)::date) OR (period = 'monthly' AND starts_on = \(month)::date))
              AND (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(sender)::text IS NULL OR sender = \(sender))
            ORDER BY used_minor::numeric / limit_minor DESC, sender, period LIMIT \(limit)
            """)
    }

    private func collect(_ query: PostgresQuery) async throws -> [SenderUsage] {
        var rows: [SenderUsage] = []
        for try await (sender, corridor, type, period, starts, used, limit, currency, client, mask, updated) in try await database.query(
            query, logger: logger
        ).decode((String, String, String, String, String, Int64, Int64, String, String, String, Date).self) {
            rows.append(
                SenderUsage(
                    sender: sender, corridorID: corridor, paymentType: type, period: period, startsOn: starts, usedMinor: used,
                    limitMinor: limit, currency: currency, clientID: client, accountMask: mask, updatedAt: updated))
        }
        return rows
    }
}
