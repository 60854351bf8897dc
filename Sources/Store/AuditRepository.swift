import Foundation
public import Logging
public import PostgresNIO

/// The append-only audit trail. Rows are written only inside the transaction of the change
/// they record (`append(_:on:)`); nothing updates or deletes them (a trigger refuses it).
public struct AuditRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public static func append(_ entry: AuditEntry, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_log (actor_key_id, action, target, before, after, at, source_address)
            VALUES (\(entry.actorKeyID), \(entry.action), \(entry.target), \(entry.before)::jsonb, \(entry.after)::jsonb,
                    \(entry.at), \(entry.sourceAddress))
            """, logger: logger)
    }

    /// Appends one entry on its own, for an action whose effect is outside the database (a
    /// manual webhook re-send): the row records that it was asked for and what came of it.
    public func record(_ entry: AuditEntry) async throws {
        try await database.withConnection { connection in try await Self.append(entry, on: connection, logger: logger) }
    }

    /// The newest entries first, optionally for one target.
    public func list(page: PageRequest, target: String? = nil) async throws -> Page<AuditEntry> {
        let rows = try await database.query(
            """
            SELECT id, actor_key_id, action, target, before::text, after::text, at, source_address FROM audit_log
            WHERE (\(target)::text IS NULL OR target = \(target)) AND (\(page.after?.sequence)::int8 IS NULL OR id < \(page.after?.sequence)) ORDER BY id DESC LIMIT \(page.readLimit)
            """, logger: logger)
        var entries: [AuditEntry] = []
        for try await (id, actor, action, target, before, after, at, source)
            in rows.decode((Int64, String, String, String, String?, String?, Date, String?).self)
        {
            entries.append(
                AuditEntry(
                    id: id, actorKeyID: actor, action: action, target: target, before: before, after: after,
                    at: at, sourceAddress: source))
        }
        return Page(reading: entries, limit: page.limit) { PageCursor(at: $0.at, sequence: $0.id ?? 0, id: "audit") }
    }
}
