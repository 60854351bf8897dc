public import Foundation
public import Logging
import PostgresNIO

/// Treasury's rate snapshots: uploads, maker-checker decisions (each with its audit row in
/// the same transaction), and the approved snapshots every instance prices from.
public struct RateSnapshotRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// What a decision did.
    public enum Decision: Sendable, Equatable {
        case decided(RateSnapshotRecord)
        case notFound
        /// Already approved or rejected.
        case notPending(RateSnapshotRecord.Status)
        /// The checker is the maker (same key or same client).
        case sameMaker
        /// A snapshot effective at or after this one is already approved for the provider.
        case superseded(by: String)
    }

    private static let columns = """
        id, provider, effective_at, rates::text, status, source_format, uploaded_by, uploaded_client, uploaded_at,
        decided_by, decided_client, decided_at, decision_note
        """

    /// Stores a pending upload with its audit row. Returns false if the id (provider and
    /// effective time) is taken.
    public func insert(_ record: RateSnapshotRecord, sourceAddress: String?) async throws -> Bool {
        let rates = String(decoding: try JSONSerialization.data(withJSONObject: record.rates, options: [.sortedKeys]), as: UTF8.self)
        return try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO rate_snapshots (id, provider, effective_at, rates, status, source_format, uploaded_by, uploaded_client, uploaded_at)
                VALUES (\(record.id), \(record.provider), \(record.effectiveAt), \(rates)::jsonb, \(record.status.rawValue),
                        \(record.sourceFormat), \(record.uploadedBy), \(record.uploadedClient), \(record.uploadedAt))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: logger)
            var inserted = false
            for try await _ in rows { inserted = true }
            guard inserted else { return false }
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: record.uploadedBy, action: "rates.upload", target: record.id,
                    before: nil, after: try AuditEntry.json(record), at: record.uploadedAt,
                    sourceAddress: sourceAddress), on: connection, logger: logger)
            return true
        }
    }

    /// Approves or rejects a pending snapshot, with its audit row, in one transaction.
    public func decide(
        id: String, approve: Bool, keyID: String, clientID: String, note: String?, at: Date,
        sourceAddress: String?
    ) async throws -> Decision {
        try await database.withTransaction(logger: logger) { connection -> Decision in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM rate_snapshots WHERE id = \(id) FOR UPDATE", logger: logger)
            var found: RateSnapshotRecord?
            for try await row in rows { found = try Self.decode(row) }
            guard let before = found else { return .notFound }
            guard before.status == .pending else { return .notPending(before.status) }
            if approve {
                guard before.uploadedBy != keyID, before.uploadedClient != clientID else { return .sameMaker }
                // Serialise approvals per provider, then refuse one that a later snapshot already overtook.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext('rate_snapshots:' || \(before.provider)))", logger: logger)
                let later = try await connection.query(
                    """
                    SELECT id FROM rate_snapshots WHERE provider = \(before.provider) AND status = 'approved'
                    AND effective_at >= \(before.effectiveAt) ORDER BY effective_at DESC LIMIT 1
                    """, logger: logger)
                for try await laterID in later.decode(String.self) { return .superseded(by: laterID) }
            }
            var after = before
            after.status = approve ? .approved : .rejected
            after.decidedBy = keyID
            after.decidedClient = clientID
            after.decidedAt = at
            after.decisionNote = note
            try await connection.query(
                """
                UPDATE rate_snapshots SET status = \(after.status.rawValue), decided_by = \(keyID), decided_client = \(clientID),
                    decided_at = \(at), decision_note = \(note)
                WHERE id = \(id)
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: keyID, action: approve ? "rates.approve" : "rates.reject", target: id,
                    before: try AuditEntry.json(before), after: try AuditEntry.json(after), at: at,
                    sourceAddress: sourceAddress), on: connection, logger: logger)
            return .decided(after)
        }
    }

    public func find(id: String) async throws -> RateSnapshotRecord? {
        let rows = try await database.query(
            "SELECT \(unescaped: Self.columns) FROM rate_snapshots WHERE id = \(id)", logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// Newest uploads first, optionally of one status and provider.
    public func list(status: RateSnapshotRecord.Status?, provider: String?, page: PageRequest) async throws -> Page<RateSnapshotRecord> {
        Page(
            reading: try await collect(
                """
                SELECT \(unescaped: Self.columns) FROM rate_snapshots
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)) AND (\(provider)::text IS NULL OR provider = \(provider))
                  AND (\(page.after?.micros)::int8 IS NULL OR (uploaded_at, id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
                ORDER BY uploaded_at DESC, id DESC LIMIT \(page.readLimit)
                """),
            limit: page.limit
        ) { PageCursor(at: $0.uploadedAt, id: $0.id) }
    }

    /// Approved snapshots, latest effective first: the history of what was in force.
    public func approved(provider: String?, limit: Int) async throws -> [RateSnapshotRecord] {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM rate_snapshots WHERE status = 'approved' AND (\(provider)::text IS NULL OR provider = \(provider))
            ORDER BY effective_at DESC LIMIT \(limit)
            """)
    }

    /// The latest approved snapshot of `provider` effective before `instant`.
    public func latestApproved(provider: String, before instant: Date) async throws -> RateSnapshotRecord? {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM rate_snapshots WHERE status = 'approved' AND provider = \(provider) AND effective_at < \(instant)
            ORDER BY effective_at DESC LIMIT 1
            """
        ).first
    }

    /// What pricing needs: per provider, the latest approved snapshot effective by `now`, and
    /// every approved one effective later.
    public func pricingSet(now: Date) async throws -> [RateSnapshotRecord] {
        try await collect(
            """
            (SELECT DISTINCT ON (provider) \(unescaped: Self.columns) FROM rate_snapshots
              WHERE status = 'approved' AND effective_at <= \(now) ORDER BY provider, effective_at DESC)
            UNION ALL
            (SELECT \(unescaped: Self.columns) FROM rate_snapshots WHERE status = 'approved' AND effective_at > \(now))
            """)
    }

    private func collect(_ query: PostgresQuery) async throws -> [RateSnapshotRecord] {
        var records: [RateSnapshotRecord] = []
        for try await row in try await database.query(query, logger: logger) { records.append(try Self.decode(row)) }
        return records
    }

    private static func decode(_ row: PostgresRow) throws -> RateSnapshotRecord {
        let (
            id, provider, effectiveAt, ratesText, status, format, uploadedBy, uploadedClient, uploadedAt,
            decidedBy, decidedClient, decidedAt, note
        ) =
            try row.decode((String, String, Date, String, String, String, String, String, Date, String?, String?, Date?, String?).self)
        let rates = (try JSONSerialization.jsonObject(with: Data(ratesText.utf8))) as? [String: String] ?? [:]
        return RateSnapshotRecord(
            id: id, provider: provider, effectiveAt: effectiveAt, rates: rates,
            status: RateSnapshotRecord.Status(rawValue: status) ?? .pending, sourceFormat: format,
            uploadedBy: uploadedBy, uploadedClient: uploadedClient, uploadedAt: uploadedAt, decidedBy: decidedBy,
            decidedClient: decidedClient, decidedAt: decidedAt, decisionNote: note)
    }
}
