public import Foundation
public import Logging
import PostgresNIO

/// The database side of `/metrics`: counts that are gauges (payments waiting per state, the
/// outbox backlog, deliveries waiting, disabled subscriptions, reconciliation), each group one
/// aggregate over an index-friendly filter, all in one round trip.
public struct ObservabilityRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func counts(now: Date) async throws -> OperationalCounts {
        let rows = try await database.query(
            """
            SELECT 'payments' AS kind, corridor_id AS a, state AS b, count(*)::float8 AS n FROM payments
              WHERE state IN ('INITIATED', 'VALIDATED', 'FX_PENDING', 'CORRIDOR_PROCESSING') GROUP BY corridor_id, state
            UNION ALL SELECT 'oldest_open', corridor_id, '', extract(epoch FROM \(now) - min(created_at))::float8 FROM payments
              WHERE state IN ('INITIATED', 'VALIDATED', 'FX_PENDING', 'CORRIDOR_PROCESSING') AND hold_code IS NULL GROUP BY corridor_id
            UNION ALL SELECT 'outbox', '', '', count(*)::float8 FROM outbox_events WHERE fanned_out_at IS NULL
            UNION ALL SELECT 'outbox_age', '', '', COALESCE(extract(epoch FROM \(now) - min(created_at)), 0)::float8
              FROM outbox_events WHERE fanned_out_at IS NULL
            UNION ALL SELECT 'deliveries', state, '', count(*)::float8 FROM webhook_deliveries WHERE state IN ('PENDING', 'RETRYING') GROUP BY state
            UNION ALL SELECT 'disabled', '', '', count(*)::float8 FROM webhook_subscriptions WHERE state = 'DISABLED' AND deleted_at IS NULL
            UNION ALL SELECT 'reconciled', corridor_id, '', extract(epoch FROM max(created_at))::float8 FROM reconciliation_runs
              WHERE status = 'current' GROUP BY corridor_id
            UNION ALL SELECT 'exceptions', class, '', count(*)::float8 FROM reconciliation_exceptions WHERE status = 'open' GROUP BY class
            """, logger: logger)
        var counts = OperationalCounts()
        for try await (kind, a, b, n) in rows.decode((String, String, String, Double).self) {
            switch kind {
            case "payments": counts.paymentsByState[a, default: [:]][b] = Int(n)
            case "oldest_open": counts.oldestOpenAgeSeconds[a] = max(0, n)
            case "outbox": counts.outboxWaiting = Int(n)
            case "outbox_age": counts.outboxOldestAgeSeconds = max(0, n)
            case "deliveries": counts.deliveriesWaiting[a] = Int(n)
            case "disabled": counts.subscriptionsDisabled = Int(n)
            case "reconciled": counts.lastReconciliation[a] = Date(timeIntervalSince1970: n)
            case "exceptions": counts.openExceptions[a] = Int(n)
            default: break
            }
        }
        return counts
    }
}
