public import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// Payments held on a possible sanctions match, and their reviews. A decision is one
/// transaction: the review row (locked, still open), the payment's transition by
/// compare-and-set on its version (with its history row and events), and the audit row.
public struct ScreeningReviewRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// What a decision did.
    public enum Decision: Sendable {
        case decided(ScreeningReviewRecord)
        case notFound
        case alreadyDecided(ScreeningReviewRecord.Status)
        /// The payment moved on meanwhile (a system failure); nothing was changed.
        case paymentMoved
    }

    private static let columns = """
        payment_id, corridor_id, direction, status, hits::text, top_score, created_at, decided_by, decided_client, decided_at, reason
        """

    public func find(paymentID: String) async throws -> ScreeningReviewRecord? {
        try await collect("SELECT \(unescaped: Self.columns) FROM screening_reviews WHERE payment_id = \(paymentID)").first
    }

    /// Reviews, oldest open first when `status` is open, else newest first.
    public func list(status: ScreeningReviewRecord.Status?, page: PageRequest) async throws -> Page<ScreeningReviewRecord> {
        Page(
            reading: try await collect(
                """
                SELECT \(unescaped: Self.columns) FROM screening_reviews
                WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
                  AND (\(page.after?.micros)::int8 IS NULL OR (created_at, payment_id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
                ORDER BY created_at DESC, payment_id DESC LIMIT \(page.readLimit)
                """),
            limit: page.limit
        ) { PageCursor(at: $0.createdAt, id: $0.paymentID) }
    }

    /// Reviews opened on one day (`[from, to)`), for the daily report.
    public func opened(from: Date, to: Date) async throws -> [ScreeningReviewRecord] {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM screening_reviews WHERE created_at >= \(from) AND created_at < \(to)
            ORDER BY created_at, payment_id
            """)
    }

    /// How many reviews are open, and since when the oldest.
    public func openCount() async throws -> (count: Int, oldest: Date?) {
        let rows = try await database.query(
            "SELECT count(*)::int8, min(created_at) FROM screening_reviews WHERE status = 'open'", logger: logger)
        for try await (count, oldest) in rows.decode((Int, Date?).self) { return (count, oldest) }
        return (0, nil)
    }

    /// Releases or rejects a held payment: `change` is its transition (review_released or
    /// review_rejected), built from the payment as read.
    public func decide(
        _ change: PaymentChange, release: Bool, keyID: String, clientID: String, reason: String, sourceAddress: String?
    ) async throws -> Decision {
        try await database.withTransaction(logger: logger) { connection -> Decision in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.columns) FROM screening_reviews WHERE payment_id = \(change.paymentID) FOR UPDATE",
                logger: logger)
            var found: ScreeningReviewRecord?
            for try await row in rows { found = try Self.decode(row) }
            guard let before = found else { return .notFound }
            guard before.status == .open else { return .alreadyDecided(before.status) }
            let entry = change.historyEntry
            let moved = try await connection.query(
                """
                UPDATE payments SET state = \(change.machine.state.rawValue), version = \(change.machine.version), updated_at = \(change.at),
                    next_action_at = \(change.nextActionAt), hold_code = NULL,
                    error_code = COALESCE(\(entry.errorCode), error_code),
                    error_message = COALESCE(CASE WHEN \(entry.errorCode)::int IS NOT NULL THEN \(change.detail) END, error_message)
                WHERE id = \(change.paymentID) AND version = \(change.expectedVersion) AND mekong_held_for_review(hold_code)
                RETURNING id
                """, logger: logger)
            var applied = false
            for try await _ in moved { applied = true }
            guard applied else { return .paymentMoved }
            try await connection.query(
                """
                INSERT INTO payment_history (payment_id, version, from_state, to_state, event, error_code, detail, at)
                VALUES (\(change.paymentID), \(entry.version), \(entry.fromState?.rawValue), \(entry.toState.rawValue), \(entry.event),
                        \(entry.errorCode), \(entry.detail), \(entry.at))
                """, logger: logger)
            try await PaymentRepository.insert(events: change.events, on: connection, logger: logger)
            var after = before
            after.status = release ? .released : .rejected
            after.decidedBy = keyID
            after.decidedClient = clientID
            after.decidedAt = change.at
            after.reason = reason
            try await connection.query(
                """
                UPDATE screening_reviews SET status = \(after.status.rawValue), decided_by = \(keyID), decided_client = \(clientID),
                    decided_at = \(change.at), reason = \(reason)
                WHERE payment_id = \(change.paymentID)
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: keyID, action: release ? "screening.release" : "screening.reject", target: change.paymentID,
                    before: try AuditEntry.json(AuditedReview(before)), after: try AuditEntry.json(AuditedReview(after)), at: change.at,
                    sourceAddress: sourceAddress), on: connection, logger: logger)
            return .decided(after)
        }
    }

    /// A review as the audit trail keeps it: the decision, not the match details.
    private struct AuditedReview: Encodable {
        let paymentID: String
        let status: String
        let topScore: Double
        let decidedBy: String?
        let decidedClient: String?
        let decidedAt: Date?
        let reason: String?

        init(_ r: ScreeningReviewRecord) {
            paymentID = r.paymentID
            status = r.status.rawValue
            topScore = r.topScore
            decidedBy = r.decidedBy
            decidedClient = r.decidedClient
            decidedAt = r.decidedAt
            reason = r.reason
        }
    }

    private func collect(_ query: PostgresQuery) async throws -> [ScreeningReviewRecord] {
        var records: [ScreeningReviewRecord] = []
        for try await row in try await database.query(query, logger: logger) { records.append(try Self.decode(row)) }
        return records
    }

    private static func decode(_ row: PostgresRow) throws -> ScreeningReviewRecord {
        let (paymentID, corridor, direction, status, hits, score, created, decidedBy, decidedClient, decidedAt, reason) = try row.decode(
            (String, String, String, String, String, Double, Date, String?, String?, Date?, String?).self)
        return ScreeningReviewRecord(
            paymentID: paymentID, corridorID: corridor, direction: direction, status: ScreeningReviewRecord.Status(rawValue: status) ?? .open,
            hits: hits, topScore: score, createdAt: created, decidedBy: decidedBy, decidedClient: decidedClient, decidedAt: decidedAt,
            reason: reason)
    }
}
