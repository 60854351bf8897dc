public import Foundation
public import Logging
import PostgresNIO

/// Compliance's sanctions-list imports: uploads, maker-checker decisions (each with its audit
/// row in the same transaction), and the lists in force, which every instance screens against.
public struct SanctionsListRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// What a decision did.
    public enum Decision: Sendable, Equatable {
        case decided(SanctionsListRecord)
        case notFound
        case notPending(SanctionsListRecord.Status)
        /// The checker is the maker (same key or same client).
        case sameMaker
    }

    private static let columns = """
        id, list_name, source, published_at, entry_count, sha256, status, uploaded_by, uploaded_client, uploaded_at,
        decided_by, decided_client, decided_at, decision_note
        """

    /// Stores a pending import, its entries (JSON) and its audit row.
    public func insert(_ record: SanctionsListRecord, entries: String, sourceAddress: String?) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO sanctions_lists (id, list_name, source, published_at, entry_count, entries, sha256, status, uploaded_by,
                    uploaded_client, uploaded_at)
                VALUES (\(record.id), \(record.listName), \(record.source), \(record.publishedAt), \(record.entryCount), \(entries)::jsonb,
                    \(record.sha256), \(record.status.rawValue), \(record.uploadedBy), \(record.uploadedClient), \(record.uploadedAt))
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: record.uploadedBy, action: "sanctions.import", target: record.id, before: nil,
                    after: try AuditEntry.json(record), at: record.uploadedAt, sourceAddress: sourceAddress), on: connection, logger: logger)
        }
    }

    /// Approves or rejects a pending import, with its audit row, in one transaction. An
    /// approval by the uploader's key or client is refused (and the database refuses it too).
    public func decide(
        id: String, approve: Bool, keyID: String, clientID: String, note: String?, at: Date, sourceAddress: String?
    ) async throws -> Decision {
        try await database.withTransaction(logger: logger) { connection -> Decision in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM sanctions_lists WHERE id = \(id) FOR UPDATE", logger: logger)
            var found: SanctionsListRecord?
            for try await row in rows { found = try Self.decode(row) }
            guard let before = found else { return .notFound }
            guard before.status == .pending else { return .notPending(before.status) }
            if approve { guard before.uploadedBy != keyID, before.uploadedClient != clientID else { return .sameMaker } }
            var after = before
            after.status = approve ? .approved : .rejected
            after.decidedBy = keyID
            after.decidedClient = clientID
            after.decidedAt = at
            after.decisionNote = note
            try await connection.query(
                """
                UPDATE sanctions_lists SET status = \(after.status.rawValue), decided_by = \(keyID), decided_client = \(clientID),
                    decided_at = \(at), decision_note = \(note)
                WHERE id = \(id)
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: keyID, action: approve ? "sanctions.approve" : "sanctions.reject", target: id,
                    before: try AuditEntry.json(before), after: try AuditEntry.json(after), at: at, sourceAddress: sourceAddress),
                on: connection, logger: logger)
            return .decided(after)
        }
    }

    public func find(id: String) async throws -> SanctionsListRecord? {
        try await collect("SELECT \(unescaped: Self.columns) FROM sanctions_lists WHERE id = \(id)").first
    }

    /// Newest imports first, optionally of one status.
    public func list(status: SanctionsListRecord.Status?, page: PageRequest) async throws -> Page<SanctionsListRecord> {
        Page(
            reading: try await collect(
                """
                SELECT \(unescaped: Self.columns) FROM sanctions_lists
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                  AND (\(page.after?.micros)::int8 IS NULL OR (uploaded_at, id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
                ORDER BY uploaded_at DESC, id DESC LIMIT \(page.readLimit)
                """),
            limit: page.limit
        ) { PageCursor(at: $0.uploadedAt, id: $0.id) }
    }

    /// The lists in force: the latest approved import of each name.
    public func inForce() async throws -> [SanctionsListRecord] {
        try await collect(
            """
            SELECT DISTINCT ON (list_name) \(unescaped: Self.columns) FROM sanctions_lists
            WHERE status = 'approved' ORDER BY list_name, decided_at DESC, id DESC
            """)
    }

    /// An import's entries, as stored (JSON).
    public func entries(id: String) async throws -> String? {
        let rows = try await database.query("SELECT entries::text FROM sanctions_lists WHERE id = \(id)", logger: logger)
        for try await entries in rows.decode(String.self) { return entries }
        return nil
    }

    private func collect(_ query: PostgresQuery) async throws -> [SanctionsListRecord] {
        var records: [SanctionsListRecord] = []
        for try await row in try await database.query(query, logger: logger) { records.append(try Self.decode(row)) }
        return records
    }

    private static func decode(_ row: PostgresRow) throws -> SanctionsListRecord {
        let (
            id, name, source, publishedAt, count, sha, status, uploadedBy, uploadedClient, uploadedAt, decidedBy, decidedClient, decidedAt,
            note
        ) = try row.decode(
            (String, String, String, Date?, Int, String, String, String, String, Date, String?, String?, Date?, String?).self)
        return SanctionsListRecord(
            id: id, listName: name, source: source, publishedAt: publishedAt, entryCount: count, sha256: sha,
            status: SanctionsListRecord.Status(rawValue: status) ?? .pending, uploadedBy: uploadedBy, uploadedClient: uploadedClient,
            uploadedAt: uploadedAt, decidedBy: decidedBy, decidedClient: decidedClient, decidedAt: decidedAt, decisionNote: note)
    }
}
