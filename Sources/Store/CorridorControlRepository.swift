public import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// Ops' corridor switches, read by every instance and changed with an audit row.
public struct CorridorControlRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Makes sure every corridor has its row (enabled by default).
    public func seed(_ corridorIDs: [String]) async throws {
        for id in corridorIDs {
            try await database.query("INSERT INTO corridor_controls (corridor_id) VALUES (\(id)) ON CONFLICT DO NOTHING", logger: logger)
        }
    }

    public func all() async throws -> [CorridorControl] {
        let rows = try await database.query(
            """
            SELECT corridor_id, enabled, reason, until, changed_by, changed_at FROM corridor_controls ORDER BY corridor_id
            """, logger: logger)
        var controls: [CorridorControl] = []
        for try await (id, enabled, reason, until, by, at) in rows.decode((String, Bool, String?, Date?, String, Date).self) {
            controls.append(CorridorControl(corridorID: id, enabled: enabled, reason: reason, until: until, changedBy: by, changedAt: at))
        }
        return controls
    }

    /// Enables or disables a corridor and appends the audit row, in one transaction. It holds
    /// the corridor's gate exclusively until it commits (migration 013): the change waits for
    /// hand-offs under way, which hold the gate shared, and a hand-off that starts meanwhile
    /// waits for the change and then sees it.
    /// - Returns: the control before and after, or nil if the corridor has no row.
    /// - Parameter onlyIf: applied to the row as locked; when false nothing changes and the result is nil.
    public func set(
        corridorID: String, enabled: Bool, reason: String?, until: Date?, actorKeyID: String,
        sourceAddress: String?, at: Date,
        onlyIf: @escaping @Sendable (CorridorControl) -> Bool = { _ in true }
    ) async throws -> (before: CorridorControl, after: CorridorControl)? {
        try await database.withTransaction(logger: logger) { connection in
            for try await _ in try await connection.query("SELECT pg_advisory_xact_lock(mekong_corridor_gate(\(corridorID)))", logger: logger) {}
            let rows = try await connection.query(
                """
                SELECT corridor_id, enabled, reason, until, changed_by, changed_at FROM corridor_controls
                WHERE corridor_id = \(corridorID) FOR UPDATE
                """, logger: logger)
            var found: CorridorControl?
            for try await (id, was, why, till, by, when) in rows.decode((String, Bool, String?, Date?, String, Date).self) {
                found = CorridorControl(corridorID: id, enabled: was, reason: why, until: till, changedBy: by, changedAt: when)
            }
            guard let before = found, onlyIf(before) else { return nil }
            let after = CorridorControl(corridorID: corridorID, enabled: enabled, reason: reason, until: until, changedBy: actorKeyID, changedAt: at)
            try await connection.query(
                """
                UPDATE corridor_controls SET enabled = \(enabled), reason = \(reason), until = \(until), changed_by = \(actorKeyID), changed_at = \(at)
                WHERE corridor_id = \(corridorID)
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: actorKeyID, action: enabled ? "corridor.enable" : "corridor.disable", target: corridorID,
                    before: try AuditEntry.json(before), after: try AuditEntry.json(after),
                    at: at, sourceAddress: sourceAddress), on: connection, logger: logger)
            return (before, after)
        }
    }

    /// The actor of changes Mekong makes by itself, in the audit trail.
    public static let systemActor = "system"

    /// Reopens every corridor whose closure ran `until` a time now past, each with an audit
    /// row whose actor is `system`. Several instances may race: the row is re-checked under
    /// its lock, so each reopening happens, and is audited, once.
    /// - Returns: the corridors reopened.
    @discardableResult
    public func reopenDue(among controls: [CorridorControl], now: Date) async throws -> [String] {
        var reopened: [String] = []
        for control in controls where control.isDueToReopen(at: now) {
            let until = RFC3339.string(from: control.until!)
            if try await set(
                corridorID: control.corridorID, enabled: true, reason: "reopened automatically: closed until \(until)",
                until: nil, actorKeyID: Self.systemActor, sourceAddress: nil, at: now,
                onlyIf: { $0.isDueToReopen(at: now) }) != nil
            {
                reopened.append(control.corridorID)
            }
        }
        return reopened
    }

    /// Queue depth (accepted, not final) and error rate (rejected, timed out or failed over
    /// finished) of each corridor's payments in the last `window`.
    public func health(since: Date) async throws -> [String: (queue: Int, finished: Int, failed: Int)] {
        let rows = try await database.query(
            """
            SELECT corridor_id,
                   count(*) FILTER (WHERE state IN ('INITIATED', 'VALIDATED', 'FX_PENDING', 'CORRIDOR_PROCESSING'))::int,
                   count(*) FILTER (WHERE state IN ('CROSS_BORDER_SETTLED', 'SETTLED', 'REJECTED', 'TIMEOUT', 'ERROR') AND updated_at >= \(since))::int,
                   count(*) FILTER (WHERE state IN ('REJECTED', 'TIMEOUT', 'ERROR') AND updated_at >= \(since))::int
            FROM payments GROUP BY corridor_id
            """, logger: logger)
        var health: [String: (queue: Int, finished: Int, failed: Int)] = [:]
        for try await (id, queue, finished, failed) in rows.decode((String, Int, Int, Int).self) { health[id] = (queue, finished, failed) }
        return health
    }
}
