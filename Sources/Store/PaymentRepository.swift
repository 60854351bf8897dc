public import Foundation
public import Logging
public import MekongCore
public import PostgresNIO

/// Payments, their history and their outbox events in PostgreSQL.
///
/// Every write is one transaction: a new payment goes in with its history, its events and
/// its idempotency record; a transition is a compare-and-set on `version` plus its history
/// row and events. A transition that loses the race changes nothing.
public struct PaymentRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let columns = """
        id, client_id, quote_id, direction, partner_transfer_ref, corridor_id, payment_type, flow, state, version, source_minor, source_currency,
        fee_minor, destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id,
        payer_name, payer_account, beneficiary_name, beneficiary_account, error_code, error_message,
        partner_reference, dispatch_attempts, inquiry_attempts, next_action_at, needs_review, hold_code,
        cycle_starts_at, cycle_closes_at, created_at, updated_at
        """

    /// Stores a new payment, its history, its events and the idempotency record, atomically.
    public func create(_ payment: PaymentRecord, history: [HistoryEntry], events: [OutboxEvent],
                       idempotency: IdempotencyRecord) async throws -> PaymentCreation {
        do {
            try await client.withTransaction(logger: logger) { connection in
                try await IdempotencyRepository.insert(idempotency, on: connection, logger: logger)
                try await Self.insert(payment, on: connection, logger: logger)
                try await Self.insert(history: history, paymentID: payment.id, on: connection, logger: logger)
                try await Self.insert(events: events, on: connection, logger: logger)
            }
            return .created
        } catch where StoreError.isUniqueViolation(error, constraint: "idempotency_keys_pkey") {
            guard let existing = try await IdempotencyRepository.find(
                clientID: idempotency.clientID, key: idempotency.key, on: client, logger: logger) else { throw error }
            return .keyExists(existing)
        } catch where StoreError.isUniqueViolation(error, constraint: "payments_quote_id_key") {
            return .quoteAlreadyUsed
        } catch where StoreError.isUniqueViolation(error, constraint: "payments_partner_transfer") {
            return .partnerReferenceExists
        }
    }

    /// Applies a transition by compare-and-set. Returns false if the payment moved on first.
    public func apply(_ change: PaymentChange) async throws -> Bool {
        try await client.withTransaction(logger: logger) { connection in
            try await Self.update(change, on: connection, logger: logger)
        }
    }

    static func update(_ change: PaymentChange, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        do {
            let code = change.event.errorCode?.number
            let message = change.event.errorCode == nil ? nil : change.detail
            let rows = try await connection.query("""
                UPDATE payments SET state = \(change.machine.state.rawValue), version = \(change.machine.version),
                    updated_at = \(change.at), next_action_at = \(change.nextActionAt),
                    error_code = COALESCE(\(code), error_code), error_message = COALESCE(\(message), error_message),
                    partner_reference = COALESCE(\(change.partnerReference), partner_reference),
                    dispatch_attempts = dispatch_attempts + \(change.addDispatchAttempt ? 1 : 0), hold_code = NULL,
                    cycle_starts_at = COALESCE(\(change.cycle?.startsAt), cycle_starts_at),
                    cycle_closes_at = COALESCE(\(change.cycle?.closesAt), cycle_closes_at)
                WHERE id = \(change.paymentID) AND version = \(change.expectedVersion)
                RETURNING id
                """, logger: logger)
            var updated = false
            for try await _ in rows { updated = true }
            guard updated else { return false }
            try await Self.insert(history: [change.historyEntry], paymentID: change.paymentID, on: connection, logger: logger)
            try await Self.insert(events: change.events, on: connection, logger: logger)
            return true
        }
    }

    /// How a hand-off ended.
    public enum HandOff: Sendable, Equatable {
        case applied
        /// Another worker moved the payment first.
        case lostRace
        /// Ops have disabled the corridor; nothing was changed.
        case corridorClosed(reason: String?)
        /// The corridor is in a scheduled maintenance window; nothing was changed.
        case inMaintenance(MaintenanceWindow)
    }

    /// Applies a hand-off (FX_PENDING → CORRIDOR_PROCESSING) only while ops have the corridor
    /// enabled and outside scheduled maintenance: the corridor's control row is read FOR SHARE in the same transaction, so a
    /// disable waits for this hand-off to commit, and no hand-off commits after a disable.
    public func handOff(_ change: PaymentChange, corridorID: String) async throws -> HandOff {
        do {
            return try await client.withTransaction(logger: logger) { connection -> HandOff in
                let rows = try await connection.query("""
                    SELECT enabled, until, reason FROM corridor_controls WHERE corridor_id = \(corridorID) FOR SHARE
                    """, logger: logger)
                for try await (enabled, until, reason) in rows.decode((Bool, Date?, String?).self) where !enabled {
                    if until.map({ $0 > change.at }) ?? true { throw ClosedCorridor(reason: reason) }
                }
                let windows = try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT \(MaintenanceRepository.columns) FROM corridor_maintenance
                    WHERE corridor_id = $1 AND cancelled_at IS NULL AND starts_at <= $2 AND ends_at > $2 ORDER BY ends_at DESC LIMIT 1
                    """, binds: MultiRowInsert.bindings([corridorID, change.at])), logger: logger)
                for try await row in windows { throw UnderMaintenance(window: try MaintenanceRepository.decode(row)) }
                return try await Self.update(change, on: connection, logger: logger) ? .applied : .lostRace
            }
        } catch let wrapped as PostgresTransactionError {
            if let closed = wrapped.closureError as? ClosedCorridor { return .corridorClosed(reason: closed.reason) }
            if let maintenance = wrapped.closureError as? UnderMaintenance { return .inMaintenance(maintenance.window) }
            throw wrapped
        }
    }

    private struct ClosedCorridor: Error { let reason: String? }
    private struct UnderMaintenance: Error { let window: MaintenanceWindow }

    /// Records the bookkeeping of a step that did not change state (a pending answer, an
    /// inquiry, a re-send), by compare-and-set on the version.
    public func reschedule(paymentID: String, version: Int, nextActionAt: Date?, addInquiry: Bool,
                           addDispatchAttempt: Bool, needsReview: Bool?, holdCode: Int? = nil, at: Date) async throws -> Bool {
        let rows = try await client.query("""
            UPDATE payments SET next_action_at = \(nextActionAt), updated_at = \(at),
                inquiry_attempts = inquiry_attempts + \(addInquiry ? 1 : 0),
                dispatch_attempts = dispatch_attempts + \(addDispatchAttempt ? 1 : 0),
                needs_review = COALESCE(\(needsReview), needs_review), hold_code = \(holdCode)
            WHERE id = \(paymentID) AND version = \(version)
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// The payment with `id`, if it belongs to `clientID` (or to anyone when `clientID` is nil).
    public func find(id: String, clientID: String?) async throws -> PaymentRecord? {
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT \(Self.columns) FROM payments WHERE id = $1 AND ($2::text IS NULL OR client_id = $2)
            """, binds: Self.binds(id, clientID)), logger: logger)
        for try await row in rows { return try Self.decode(row.makeRandomAccess()) }
        return nil
    }

    /// An inbound payment by its partner's reference.
    public func find(corridorID: String, partnerTransferRef: String) async throws -> PaymentRecord? {
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            SELECT \(Self.columns) FROM payments WHERE corridor_id = $1 AND partner_transfer_ref = $2
            """, binds: Self.binds(corridorID, partnerTransferRef)), logger: logger)
        for try await row in rows { return try Self.decode(row.makeRandomAccess()) }
        return nil
    }

    /// The history of a payment, oldest first.
    public func history(paymentID: String) async throws -> [HistoryEntry] {
        let rows = try await client.query("""
            SELECT version, from_state, to_state, event, error_code, detail, at
            FROM payment_history WHERE payment_id = \(paymentID) ORDER BY version
            """, logger: logger)
        var entries: [HistoryEntry] = []
        for try await (version, from, to, event, code, detail, at) in rows.decode((Int, String?, String, String, Int?, String?, Date).self) {
            entries.append(HistoryEntry(version: version, fromState: from.flatMap(PaymentState.init(rawValue:)),
                                        toState: PaymentState(rawValue: to) ?? .error, event: event, errorCode: code,
                                        detail: detail, at: at))
        }
        return entries
    }

    /// Claims up to `limit` payments whose next action is due, leasing each until
    /// `now + lease` so that no other worker or instance takes it meanwhile
    /// (`FOR UPDATE SKIP LOCKED`).
    public func claimDue(limit: Int, lease: TimeInterval, now: Date) async throws -> [PaymentRecord] {
        let leaseUntil = now.addingTimeInterval(lease)
        let rows = try await client.query(PostgresQuery(unsafeSQL: """
            UPDATE payments SET next_action_at = $1
            WHERE id IN (
                SELECT id FROM payments
                WHERE state IN ('FX_PENDING', 'CORRIDOR_PROCESSING') AND next_action_at <= $2
                ORDER BY next_action_at LIMIT $3
                FOR UPDATE SKIP LOCKED)
            RETURNING \(Self.columns)
            """, binds: Self.binds(leaseUntil, now, limit)), logger: logger)
        var claimed: [PaymentRecord] = []
        for try await row in rows { claimed.append(try Self.decode(row.makeRandomAccess())) }
        return claimed
    }

    /// The outbox events of one aggregate, in order (for tests and the console).
    public func events(aggregateID: String) async throws -> [OutboxEvent] {
        let rows = try await client.query("""
            SELECT id, sequence, type, payload::text, created_at FROM outbox_events
            WHERE aggregate_id = \(aggregateID) ORDER BY sequence, id
            """, logger: logger)
        var events: [OutboxEvent] = []
        for try await (id, sequence, type, payload, createdAt) in rows.decode((String, Int, String, String, Date).self) {
            events.append(OutboxEvent(id: id, aggregateID: aggregateID, sequence: sequence, type: type, payload: payload, createdAt: createdAt))
        }
        return events
    }

    // MARK: Statements

    static func insert(_ p: PaymentRecord, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO payments (id, client_id, quote_id, direction, partner_transfer_ref, corridor_id, payment_type, flow, state, version,
                source_minor, source_currency, fee_minor, destination_minor, destination_currency, reference_rate,
                customer_rate, snapshot_id, payer_name, payer_account, beneficiary_name, beneficiary_account,
                dispatch_attempts, inquiry_attempts, next_action_at, needs_review, hold_code, created_at, updated_at)
            VALUES (\(p.id), \(p.clientID), \(p.quoteID), \(p.direction.rawValue), \(p.partnerTransferRef), \(p.corridorID), \(p.paymentType.rawValue), \(p.flow.rawValue),
                \(p.state.rawValue), \(p.version), \(p.sourceAmount.minorUnits), \(p.sourceAmount.currency.code),
                \(p.fee.minorUnits), \(p.destinationAmount.minorUnits), \(p.destinationAmount.currency.code),
                \(p.referenceRate.units), \(p.customerRate.units), \(p.snapshotID), \(p.payerName), \(p.payerAccount),
                \(p.beneficiaryName), \(p.beneficiaryAccount), \(p.dispatchAttempts), \(p.inquiryAttempts),
                \(p.nextActionAt), \(p.needsReview), \(p.holdCode), \(p.createdAt), \(p.updatedAt))
            """, logger: logger)
    }

    static func insert(history: [HistoryEntry], paymentID: String, on connection: PostgresConnection, logger: Logger) async throws {
        guard !history.isEmpty else { return }
        let query = MultiRowInsert.query(
            "INSERT INTO payment_history (payment_id, version, from_state, to_state, event, error_code, detail, at)",
            rows: history.map { entry in
                [paymentID, entry.version, entry.fromState?.rawValue, entry.toState.rawValue, entry.event,
                 entry.errorCode, entry.detail, entry.at]
            })
        try await connection.query(query, logger: logger)
    }

    static func insert(events: [OutboxEvent], on connection: PostgresConnection, logger: Logger) async throws {
        guard !events.isEmpty else { return }
        let query = MultiRowInsert.query(
            "INSERT INTO outbox_events (id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body)",
            rows: events.map { [$0.id, $0.aggregateID, $0.sequence, $0.type, $0.payload, $0.createdAt, $0.clientID, $0.body, $0.bakongPayBody] },
            casts: [4: "jsonb"])
        try await connection.query(query, logger: logger)
    }

    static func binds(_ values: (any PostgresEncodable)?...) -> PostgresBindings {
        MultiRowInsert.bindings(values)
    }

    static func decode(_ row: PostgresRandomAccessRow) throws -> PaymentRecord {
        let source = try StoredMoney.decode(row, minor: "source_minor", currency: "source_currency")
        return PaymentRecord(
            id: try row["id"].decode(String.self), clientID: try row["client_id"].decode(String.self),
            quoteID: try row["quote_id"].decode(String?.self),
            direction: try StoredEnum.decode(PaymentDirection.self, row, "direction"),
            partnerTransferRef: try row["partner_transfer_ref"].decode(String?.self), corridorID: try row["corridor_id"].decode(String.self),
            paymentType: try StoredEnum.decode(PaymentType.self, row, "payment_type"),
            flow: try StoredEnum.decode(PaymentFlow.self, row, "flow"),
            state: try StoredEnum.decode(PaymentState.self, row, "state"),
            version: try row["version"].decode(Int.self),
            sourceAmount: source,
            fee: Money(minorUnits: try row["fee_minor"].decode(Int64.self), currency: source.currency),
            destinationAmount: try StoredMoney.decode(row, minor: "destination_minor", currency: "destination_currency"),
            referenceRate: Rate(units: try row["reference_rate"].decode(Int64.self)),
            customerRate: Rate(units: try row["customer_rate"].decode(Int64.self)),
            snapshotID: try row["snapshot_id"].decode(String.self),
            payerName: try row["payer_name"].decode(String.self), payerAccount: try row["payer_account"].decode(String.self),
            beneficiaryName: try row["beneficiary_name"].decode(String.self),
            beneficiaryAccount: try row["beneficiary_account"].decode(String.self),
            errorCode: try row["error_code"].decode(Int?.self), errorMessage: try row["error_message"].decode(String?.self),
            partnerReference: try row["partner_reference"].decode(String?.self),
            dispatchAttempts: try row["dispatch_attempts"].decode(Int.self),
            inquiryAttempts: try row["inquiry_attempts"].decode(Int.self),
            nextActionAt: try row["next_action_at"].decode(Date?.self),
            needsReview: try row["needs_review"].decode(Bool.self),
            holdCode: try row["hold_code"].decode(Int?.self),
            cycle: try row["cycle_starts_at"].decode(Date?.self).flatMap { starts in
                try row["cycle_closes_at"].decode(Date?.self).map { SettlementCycle(startsAt: starts, closesAt: $0) }
            },
            createdAt: try row["created_at"].decode(Date.self), updatedAt: try row["updated_at"].decode(Date.self)
        )
    }
}
