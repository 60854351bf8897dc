public import Foundation
public import Logging
import PostgresNIO

/// Ops' maintenance windows per corridor, each change with its audit row in the same transaction.
public struct MaintenanceRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, corridor_id, starts_at, ends_at, reason, created_by, created_at, cancelled_by, cancelled_at"

    /// Schedules a window and writes its audit row.
    public func schedule(_ window: MaintenanceWindow, sourceAddress: String?) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO corridor_maintenance (id, corridor_id, starts_at, ends_at, reason, created_by, created_at)
                VALUES (\(window.id), \(window.corridorID), \(window.startsAt), \(window.endsAt), \(window.reason),
                        \(window.createdBy), \(window.createdAt))
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: window.createdBy, action: "corridor.maintenance.schedule",
                    target: window.corridorID, before: nil, after: try AuditEntry.json(window),
                    at: window.createdAt, sourceAddress: sourceAddress), on: connection, logger: logger)
        }
    }

    /// Cancels a window that has not ended, with its audit row. Returns the window as
    /// cancelled, or nil when there is no such window still to come or under way.
    public func cancel(id: String, corridorID: String, by keyID: String, at: Date, sourceAddress: String?) async throws -> MaintenanceWindow? {
        try await database.withTransaction(logger: logger) { connection -> MaintenanceWindow? in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM corridor_maintenance
                WHERE id = \(id) AND corridor_id = \(corridorID) AND cancelled_at IS NULL AND ends_at > \(at) FOR UPDATE
                """, logger: logger)
            var found: MaintenanceWindow?
            for try await row in rows { found = try Self.decode(row) }
            guard let before = found else { return nil }
            var after = before
            after.cancelledBy = keyID
            after.cancelledAt = at
            try await connection.query(
                "UPDATE corridor_maintenance SET cancelled_by = \(keyID), cancelled_at = \(at) WHERE id = \(id)",
                logger: logger)
            // Payments held for this window wake now rather than at its planned end.
            try await connection.query(
                """
                UPDATE payments SET next_action_at = \(at)
                WHERE corridor_id = \(corridorID) AND state = 'FX_PENDING' AND hold_code = 5001 AND next_action_at > \(at)
                  AND next_action_at <= \(before.endsAt)
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: keyID, action: "corridor.maintenance.cancel", target: corridorID,
                    before: try AuditEntry.json(before), after: try AuditEntry.json(after), at: at,
                    sourceAddress: sourceAddress), on: connection, logger: logger)
            return after
        }
    }

    /// Windows not cancelled that end after `instant`, soonest first; every corridor, or one.
    public func upcoming(after instant: Date, corridorID: String? = nil) async throws -> [MaintenanceWindow] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM corridor_maintenance
            WHERE cancelled_at IS NULL AND ends_at > \(instant) AND (\(corridorID)::text IS NULL OR corridor_id = \(corridorID)) ORDER BY starts_at
            """, logger: logger)
        var windows: [MaintenanceWindow] = []
        for try await row in rows { windows.append(try Self.decode(row)) }
        return windows
    }

    static func decode(_ row: PostgresRow) throws -> MaintenanceWindow {
        let (id, corridor, starts, ends, reason, by, at, cancelledBy, cancelledAt) =
            try row.decode((String, String, Date, Date, String, String, Date, String?, Date?).self)
        return MaintenanceWindow(
            id: id, corridorID: corridor, startsAt: starts, endsAt: ends, reason: reason, createdBy: by,
            createdAt: at, cancelledBy: cancelledBy, cancelledAt: cancelledAt)
    }
}
