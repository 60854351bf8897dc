public import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// Refunds in PostgreSQL. Creating one locks its payment row (`FOR UPDATE`), so concurrent
/// refunds of one payment are decided one after another against what is already refunded and
/// can never together exceed what settled.
public struct RefundRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = """
        id, payment_id, corridor_id, client_id, state, version, destination_minor, destination_currency, source_minor, source_currency,
        reason, partner_reference, error_code, error_message, attempts, next_action_at, created_at, updated_at
        """

    /// How creating a refund ended.
    public enum Creation: Sendable {
        case created(RefundRecord)
        case keyExists(IdempotencyRecord)
        case paymentNotFound
    }

    /// Decides and stores a refund in one transaction.
    /// - Parameter decide: given the locked payment and what its refunds (other than failed
    ///   ones) already return in source and destination currency, the refund to store and the
    ///   idempotency record to answer with; it throws to refuse.
    public func create(
        paymentID: String, clientID: String, idempotencyKey: String,
        decide: @escaping @Sendable (PaymentRecord, Int64, Int64) throws -> (RefundRecord, IdempotencyRecord)
    ) async throws -> Creation {
        do {
            return try await database.withTransaction(logger: logger) { connection -> Creation in
                let rows = try await connection.query(
                    """
                    SELECT \(unescaped: PaymentRepository.columns) FROM payments WHERE id = \(paymentID) AND client_id = \(clientID) FOR UPDATE
                    """, logger: logger)
                var locked: PaymentRecord?
                for try await row in rows { locked = try PaymentRepository.decode(row.makeRandomAccess()) }
                guard let payment = locked else { return .paymentNotFound }
                let sums = try await connection.query(
                    """
                    SELECT COALESCE(SUM(source_minor), 0)::bigint, COALESCE(SUM(destination_minor), 0)::bigint
                    FROM refunds WHERE payment_id = \(paymentID) AND state <> 'FAILED'
                    """, logger: logger)
                var refundedSource: Int64 = 0
                var refundedDestination: Int64 = 0
                for try await (source, destination) in sums.decode((Int64, Int64).self) {
                    (refundedSource, refundedDestination) = (source, destination)
                }
                let (refund, idempotency) = try decide(payment, refundedSource, refundedDestination)
                try await IdempotencyRepository.insert(idempotency, on: connection, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO refunds (id, payment_id, corridor_id, client_id, state, version, destination_minor, destination_currency, source_minor,
                        source_currency, reason, attempts, next_action_at, created_at, updated_at)
                    VALUES (\(refund.id), \(refund.paymentID), \(refund.corridorID), \(refund.clientID), \(refund.state.rawValue), \(refund.version),
                        \(refund.destination.minorUnits), \(refund.destination.currency.code), \(refund.source.minorUnits),
                        \(refund.source.currency.code), \(refund.reason), 0, \(refund.nextActionAt), \(refund.createdAt), \(refund.updatedAt))
                    """, logger: logger)
                return .created(refund)
            }
        } catch  where StoreError.isUniqueViolation(error, constraint: "idempotency_keys_pkey") {
            guard let existing = try await IdempotencyRepository.find(clientID: clientID, key: idempotencyKey, on: database, logger: logger) else {
                throw error
            }
            return .keyExists(existing)
        } catch let wrapped as PostgresTransactionError {
            // A refusal from `decide` rolled the transaction back; hand the refusal itself on.
            if let refusal = wrapped.closureError, !(refusal is PSQLError) { throw refusal }
            throw wrapped
        }
    }

    /// Moves a refund to its next state by compare-and-set on the version, with its events.
    public func apply(
        id: String, expectedVersion: Int, machine: RefundStateMachine, at: Date, nextActionAt: Date?,
        partnerReference: String?, errorCode: Int?, errorMessage: String?, addAttempt: Bool,
        events: [OutboxEvent]
    ) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE refunds SET state = \(machine.state.rawValue), version = \(machine.version), updated_at = \(at),
                    next_action_at = \(nextActionAt), partner_reference = COALESCE(\(partnerReference), partner_reference),
                    error_code = COALESCE(\(errorCode), error_code), error_message = COALESCE(\(errorMessage), error_message),
                    attempts = attempts + \(addAttempt ? 1 : 0)
                WHERE id = \(id) AND version = \(expectedVersion) RETURNING id
                """, logger: logger)
            var updated = false
            for try await _ in rows { updated = true }
            guard updated else { return false }
            try await PaymentRepository.insert(events: events, on: connection, logger: logger)
            return true
        }
    }

    /// Schedules the next look at a refund without changing its state.
    public func reschedule(id: String, version: Int, nextActionAt: Date, addAttempt: Bool, at: Date) async throws {
        try await database.query(
            """
            UPDATE refunds SET next_action_at = \(nextActionAt), updated_at = \(at), attempts = attempts + \(addAttempt ? 1 : 0)
            WHERE id = \(id) AND version = \(version)
            """, logger: logger)
    }

    /// Claims refunds whose next step is due, under a lease (`FOR UPDATE SKIP LOCKED`).
    public func claimDue(limit: Int, lease: TimeInterval, now: Date) async throws -> [RefundRecord] {
        let rows = try await database.query(
            """
            UPDATE refunds SET next_action_at = \(now.addingTimeInterval(lease))
            WHERE id IN (SELECT id FROM refunds WHERE state IN ('PENDING', 'PROCESSING') AND next_action_at <= \(now)
                         ORDER BY next_action_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        var claimed: [RefundRecord] = []
        for try await row in rows { claimed.append(try Self.decode(row.makeRandomAccess())) }
        return claimed
    }

    public func find(id: String, clientID: String?) async throws -> RefundRecord? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM refunds WHERE id = \(id) AND (\(clientID)::text IS NULL OR client_id = \(clientID))
            """, logger: logger)
        for try await row in rows { return try Self.decode(row.makeRandomAccess()) }
        return nil
    }

    public func list(paymentID: String) async throws -> [RefundRecord] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM refunds WHERE payment_id = \(paymentID) ORDER BY id
            """, logger: logger)
        var refunds: [RefundRecord] = []
        for try await row in rows { refunds.append(try Self.decode(row.makeRandomAccess())) }
        return refunds
    }

    static func decode(_ row: PostgresRandomAccessRow) throws -> RefundRecord {
        RefundRecord(
            id: try row["id"].decode(String.self), paymentID: try row["payment_id"].decode(String.self),
            corridorID: try row["corridor_id"].decode(String.self),
            clientID: try row["client_id"].decode(String.self), state: try StoredEnum.decode(RefundState.self, row, "state"),
            version: try row["version"].decode(Int.self),
            destination: try StoredMoney.decode(row, minor: "destination_minor", currency: "destination_currency"),
            source: try StoredMoney.decode(row, minor: "source_minor", currency: "source_currency"),
            reason: try row["reason"].decode(String?.self), partnerReference: try row["partner_reference"].decode(String?.self),
            errorCode: try row["error_code"].decode(Int?.self), errorMessage: try row["error_message"].decode(String?.self),
            attempts: try row["attempts"].decode(Int.self), nextActionAt: try row["next_action_at"].decode(Date?.self),
            createdAt: try row["created_at"].decode(Date.self), updatedAt: try row["updated_at"].decode(Date.self)
        )
    }
}
