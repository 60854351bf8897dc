public import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// Reconciliation runs and their exception queue.
public struct ReconciliationRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// A corridor's payments in one direction created in `[from, to)`, each handed to `each` as
    /// it streams from PostgreSQL: id, client, the reference its partner uses (the payment id
    /// outbound, the partner's reference inbound), state, destination amount, last change.
    public func payments(
        corridorID: String, direction: String, from: Date, to: Date,
        each: (_ id: String, _ clientID: String, _ reference: String, _ state: String, _ amount: Money, _ updatedAt: Date) -> Void
    ) async throws {
        let rows = try await database.query(
            """
            SELECT id, client_id, COALESCE(CASE WHEN direction = 'inbound' THEN partner_transfer_ref END, id), state,
                   destination_minor, destination_currency, updated_at
            FROM payments WHERE corridor_id = \(corridorID) AND direction = \(direction) AND created_at >= \(from) AND created_at < \(to)
            """, logger: logger)
        var currencies: [String: Currency] = [:]
        for try await (id, clientID, reference, state, minor, code, updated) in rows.decode(
            (String, String, String, String, Int64, String, Date).self)
        {
            let currency = currencies[code] ?? Currency.named(code) ?? .USD
            currencies[code] = currency
            each(id, clientID, id == reference ? id : reference, state, Money(minorUnits: minor, currency: currency), updated)
        }
    }

    public func current(corridorID: String, businessDate: String) async throws -> ReconciliationRun? {
        try await runs(
            "SELECT \(unescaped: Self.runColumns) FROM reconciliation_runs WHERE corridor_id = \(corridorID) AND business_date = \(businessDate)::date AND status = 'current'"
        ).first
    }

    public func run(id: String) async throws -> ReconciliationRun? {
        try await runs(
            "SELECT \(unescaped: Self.runColumns) FROM reconciliation_runs WHERE id = \(id)"
        ).first
    }

    /// Runs, newest first, optionally of one corridor and day.
    public func list(corridorID: String?, businessDate: String?, page: PageRequest) async throws -> Page<ReconciliationRun> {
        Page(
            reading: try await runs(
                """
                SELECT \(unescaped: Self.runColumns) FROM reconciliation_runs
                WHERE (\(corridorID)::text IS NULL OR corridor_id = \(corridorID)) AND (\(businessDate)::text IS NULL OR business_date = \(businessDate)::date)
                  AND (\(page.after?.micros)::int8 IS NULL OR (created_at, id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
                ORDER BY created_at DESC, id DESC LIMIT \(page.readLimit)
                """),
            limit: page.limit
        ) { PageCursor(at: $0.createdAt, id: $0.id) }
    }

    /// Stores a run as the current one for its corridor and day (the earlier current run, and
    /// its open exceptions, become superseded), its exceptions, and events, in one transaction.
    public func save(_ run: ReconciliationRun, exceptions: [ReconciliationException], events: [OutboxEvent]) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                UPDATE reconciliation_exceptions SET status = 'superseded' WHERE status = 'open' AND run_id IN (
                    SELECT id FROM reconciliation_runs WHERE corridor_id = \(run.corridorID) AND business_date = \(run.businessDate)::date AND status = 'current')
                """, logger: logger)
            try await connection.query(
                """
                UPDATE reconciliation_runs SET status = 'superseded'
                WHERE corridor_id = \(run.corridorID) AND business_date = \(run.businessDate)::date AND status = 'current'
                """, logger: logger)
            try await connection.query(
                """
                INSERT INTO reconciliation_runs (id, corridor_id, business_date, file_sha256, status, rows, report, created_by, created_at)
                VALUES (\(run.id), \(run.corridorID), \(run.businessDate)::date, \(run.fileSHA256), 'current', \(run.rows), \(run.report),
                        \(run.createdBy), \(run.createdAt))
                """, logger: logger)
            for chunk in stride(from: 0, to: exceptions.count, by: 1000).map({ Array(exceptions[$0..<min($0 + 1000, exceptions.count)]) }) {
                try await connection.query(
                    MultiRowInsert.query(
                        "INSERT INTO reconciliation_exceptions (id, run_id, class, reference, payment_id, detail, status)",
                        rows: chunk.map { [$0.id, $0.runID, $0.reconciliationClass, $0.reference, $0.paymentID, $0.detail, $0.status] }),
                    logger: logger)
            }
            try await PaymentRepository.insert(events: events, on: connection, logger: logger)
        }
    }

    /// A run's exceptions by class, then reference; the cursor names the last exception shown.
    public func exceptions(
        runID: String, status: String?, reconciliationClass: String?, page: PageRequest
    ) async throws -> Page<ReconciliationException> {
        Page(
            reading: try await collectExceptions(
                """
                SELECT \(unescaped: Self.exceptionColumns) FROM reconciliation_exceptions
                WHERE run_id = \(runID) AND (\(status)::text IS NULL OR status = \(status)) AND (\(reconciliationClass)::text IS NULL OR class = \(reconciliationClass))
                  AND (\(page.after?.id)::text IS NULL OR (class, reference, id) > (SELECT class, reference, id FROM reconciliation_exceptions WHERE id = \(page.after?.id)))
                ORDER BY class, reference, id LIMIT \(page.readLimit)
                """),
            limit: page.limit
        ) { PageCursor(at: Date(timeIntervalSince1970: 946_684_800), id: $0.id) }
    }

    /// Resolves an open exception with a note, and its audit row, in one transaction.
    public func resolve(id: String, note: String, by keyID: String, at: Date, sourceAddress: String?) async throws -> ReconciliationException? {
        try await database.withTransaction(logger: logger) { connection -> ReconciliationException? in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.exceptionColumns) FROM reconciliation_exceptions WHERE id = \(id) AND status = 'open' FOR UPDATE
                """, logger: logger)
            var found: ReconciliationException?
            for try await row in rows { found = try Self.decodeException(row) }
            guard let before = found else { return nil }
            var after = before
            after.status = "resolved"
            after.note = note
            after.resolvedBy = keyID
            after.resolvedAt = at
            try await connection.query(
                """
                UPDATE reconciliation_exceptions SET status = 'resolved', note = \(note), resolved_by = \(keyID), resolved_at = \(at) WHERE id = \(id)
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: keyID, action: "reconciliation.resolve", target: id,
                    before: try AuditEntry.json(before), after: try AuditEntry.json(after), at: at,
                    sourceAddress: sourceAddress), on: connection, logger: logger)
            return after
        }
    }

    static let runColumns = "id, corridor_id, business_date::text, file_sha256, status, rows, report, created_by, created_at"
    static let exceptionColumns = "id, run_id, class, reference, payment_id, detail, status, note, resolved_by, resolved_at"

    private func runs(_ query: PostgresQuery) async throws -> [ReconciliationRun] {
        var out: [ReconciliationRun] = []
        for try await (id, corridor, date, sha, status, rows, report, by, at)
            in try await database.query(query, logger: logger).decode((String, String, String, String, String, Int, String, String, Date).self)
        {
            out.append(
                ReconciliationRun(
                    id: id, corridorID: corridor, businessDate: date, fileSHA256: sha, status: status, rows: rows,
                    report: report, createdBy: by, createdAt: at))
        }
        return out
    }

    private func collectExceptions(_ query: PostgresQuery) async throws -> [ReconciliationException] {
        var out: [ReconciliationException] = []
        for try await row in try await database.query(query, logger: logger) { out.append(try Self.decodeException(row)) }
        return out
    }

    static func decodeException(_ row: PostgresRow) throws -> ReconciliationException {
        let (id, run, kind, reference, payment, detail, status, note, by, at) =
            try row.decode((String, String, String, String, String?, String, String, String?, String?, Date?).self)
        return ReconciliationException(
            id: id, runID: run, reconciliationClass: kind, reference: reference, paymentID: payment, detail: detail,
            status: status, note: note, resolvedBy: by, resolvedAt: at)
    }
}
