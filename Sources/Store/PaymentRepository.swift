public import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// Payments, their history and their outbox events in PostgreSQL.
///
/// Every write is one statement (so one transaction): a new payment goes in with its history, its events and
/// its idempotency record; a transition is a compare-and-set on `version` plus its history
/// row and events. A transition that loses the race changes nothing.
///
/// New payments and transitions are written in batches: concurrent calls join one prepared
/// statement (`GroupCommit`, `AcceptBatch`, `TransitionBatch`), so PostgreSQL parses,
/// plans and commits once for many payments. Each call still gets its own answer.
public struct PaymentRepository: Sendable {
    let database: Database
    let logger: Logger
    private let creations: GroupCommit<NewPayment, PaymentCreation>
    private let transitions: GroupCommit<(change: PaymentChange, guardedBy: String?), HandOff>

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
        let batching = database.batching
        creations = GroupCommit(maxBatch: batching.maxBatch, maxInFlight: batching.maxInFlight) { batch in
            try await Self.create(batch, on: database, logger: logger)
        }
        transitions = GroupCommit(maxBatch: batching.maxBatch, maxInFlight: batching.maxInFlight) { batch in
            try await Self.apply(batch, on: database, logger: logger).map { .success($0) }
        }
    }

    static let columns = """
        id, client_id, quote_id, direction, partner_transfer_ref, corridor_id, payment_type, flow, state, version, source_minor, source_currency,
        fee_minor, destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id,
        payer_name, payer_account, beneficiary_name, beneficiary_account, error_code, error_message,
        partner_reference, dispatch_attempts, inquiry_attempts, next_action_at, needs_review, hold_code,
        cycle_starts_at, cycle_closes_at, created_at, updated_at, client_reference, trace_parent
        """

    /// Stores a new payment, its history, its events and the idempotency record, atomically,
    /// in a batch with the payments being accepted at the same time.
    public func create(
        _ payment: PaymentRecord, history: [HistoryEntry], events: [OutboxEvent],
        idempotency: IdempotencyRecord, velocity: VelocityTake? = nil, review: ScreeningReviewRecord? = nil
    ) async throws -> PaymentCreation {
        let created = try await creations.submit(
            NewPayment(payment: payment, history: history, events: events, idempotency: idempotency, velocity: velocity, review: review))
        if case .created = created { PaymentMetrics.created(payment, history: history) }
        return created
    }

    /// Applies a transition by compare-and-set. Returns false if the payment moved on first.
    public func apply(_ change: PaymentChange) async throws -> Bool {
        let applied = try await transitions.submit((change, nil)) == .applied
        if applied { PaymentMetrics.committed(change) }
        return applied
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
        /// The corridor's position does not cover the payment's reservation; nothing was changed.
        case shortOfFunds
    }

    /// Applies a hand-off (FX_PENDING → CORRIDOR_PROCESSING) only while ops have the corridor
    /// enabled and outside scheduled maintenance: the corridor's gate (an advisory lock) is held
    /// shared before the control row is read, until the hand-off commits, and a toggle takes it
    /// exclusively, so a disable waits for this hand-off to commit, and no hand-off commits
    /// after a disable (migration 013).
    public func handOff(_ change: PaymentChange, corridorID: String) async throws -> HandOff {
        let outcome = try await transitions.submit((change, corridorID))
        if outcome == .applied { PaymentMetrics.committed(change) }
        return outcome
    }

    /// Records the bookkeeping of a step that did not change state (a pending answer, an
    /// inquiry, a re-send), by compare-and-set on the version.
    public func reschedule(
        paymentID: String, version: Int, nextActionAt: Date?, addInquiry: Bool,
        addDispatchAttempt: Bool, needsReview: Bool?, holdCode: Int? = nil, at: Date
    ) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE payments SET next_action_at = \(nextActionAt), updated_at = \(at),
                inquiry_attempts = inquiry_attempts + \(addInquiry ? 1 : 0),
                dispatch_attempts = dispatch_attempts + \(addDispatchAttempt ? 1 : 0),
                needs_review = COALESCE(\(needsReview), needs_review), hold_code = \(holdCode)
            WHERE id = \(paymentID) AND version = \(version) AND NOT mekong_held_for_review(hold_code)
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// The payment with `id`, if it belongs to `clientID` (or to anyone when `clientID` is nil).
    public func find(id: String, clientID: String?) async throws -> PaymentRecord? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM payments WHERE id = \(id) AND (\(clientID)::text IS NULL OR client_id = \(clientID))
            """, logger: logger)
        for try await row in rows { return try Self.decode(row.makeRandomAccess()) }
        return nil
    }

    /// Payments matching `search`, newest first, and how many match in all.
    public func search(_ search: PaymentSearch) async throws -> Page<PaymentRecord> {
        let after = search.page.after
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM payments
            WHERE (\(search.reference)::text IS NULL OR id = \(search.reference) OR partner_reference = \(search.reference) OR partner_transfer_ref = \(search.reference))
              AND (\(search.state?.rawValue)::text IS NULL OR state = \(search.state?.rawValue)) AND (\(search.corridorID)::text IS NULL OR corridor_id = \(search.corridorID))
              AND (\(search.from)::timestamptz IS NULL OR created_at >= \(search.from)) AND (\(search.to)::timestamptz IS NULL OR created_at < \(search.to))
              AND (\(search.clientID)::text IS NULL OR client_id = \(search.clientID)) AND (\(search.clientReference)::text IS NULL OR client_reference = \(search.clientReference))
              AND (\(after?.micros)::int8 IS NULL OR (created_at, id) < ((\(unescaped: PageCursor.epoch) + \(after?.micros)::int8 * interval '1 microsecond'), \(after?.id)))
            ORDER BY created_at DESC, id DESC LIMIT \(search.page.readLimit)
            """, logger: logger)
        var found: [PaymentRecord] = []
        for try await row in rows { found.append(try Self.decode(row.makeRandomAccess())) }
        return Page(reading: found, limit: search.page.limit) { PageCursor(at: $0.createdAt, id: $0.id) }
    }

    /// The payment and its history as one consistent pair: the payment's state is the last
    /// row of the history shown. The two are read one after the other, so a transition that
    /// commits between the reads is caught (the versions differ) and the payment read again.
    public func findWithHistory(id: String, clientID: String?) async throws -> (PaymentRecord, [HistoryEntry])? {
        guard var payment = try await find(id: id, clientID: clientID) else { return nil }
        for _ in 0..<5 {
            let history = try await history(paymentID: id)
            if history.last?.version == payment.version { return (payment, history) }
            guard let again = try await find(id: id, clientID: clientID) else { return nil }
            payment = again
        }
        return (payment, try await history(paymentID: id).filter { $0.version <= payment.version })
    }

    /// An inbound payment by its partner's reference.
    public func find(corridorID: String, partnerTransferRef: String) async throws -> PaymentRecord? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM payments WHERE corridor_id = \(corridorID) AND partner_transfer_ref = \(partnerTransferRef)
            """, logger: logger)
        for try await row in rows { return try Self.decode(row.makeRandomAccess()) }
        return nil
    }

    /// The history of a payment, oldest first.
    public func history(paymentID: String) async throws -> [HistoryEntry] {
        let rows = try await database.query(
            """
            SELECT version, from_state, to_state, event, error_code, detail, at
            FROM payment_history WHERE payment_id = \(paymentID) ORDER BY version
            """, logger: logger)
        var entries: [HistoryEntry] = []
        for try await (version, from, to, event, code, detail, at) in rows.decode((Int, String?, String, String, Int?, String?, Date).self) {
            entries.append(
                HistoryEntry(
                    version: version, fromState: from.flatMap(PaymentState.init(rawValue:)),
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
        let rows = try await database.query(
            """
            UPDATE payments SET next_action_at = \(leaseUntil)
            WHERE id IN (
                SELECT id FROM payments
                WHERE state IN ('FX_PENDING', 'CORRIDOR_PROCESSING') AND next_action_at <= \(now)
                  AND NOT mekong_held_for_review(hold_code)
                ORDER BY next_action_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.columns)
            """, logger: logger)
        var claimed: [PaymentRecord] = []
        for try await row in rows { claimed.append(try Self.decode(row.makeRandomAccess())) }
        return claimed
    }

    /// The outbox events of one aggregate, in order (for tests and the console).
    public func events(aggregateID: String) async throws -> [OutboxEvent] {
        let rows = try await database.query(
            """
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

    static let eventColumns = "id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body"

    static func row(_ event: OutboxEvent) -> [(any PostgresEncodable)?] {
        [event.id, event.aggregateID, event.sequence, event.type, event.payload, event.createdAt, event.clientID, event.body, event.bakongPayBody]
    }

    static func insert(events: [OutboxEvent], on connection: PostgresConnection, logger: Logger) async throws {
        guard !events.isEmpty else { return }
        try await connection.query(
            MultiRowInsert.query("INSERT INTO outbox_events (\(eventColumns))", rows: events.map(row), casts: [4: "jsonb"]),
            logger: logger)
    }

    static func decode(_ row: PostgresRandomAccessRow) throws -> PaymentRecord {
        let source = try StoredMoney.decode(row, minor: "source_minor", currency: "source_currency")
        var payment = PaymentRecord(
            id: try row["id"].decode(String.self), clientID: try row["client_id"].decode(String.self),
            clientReference: try row["client_reference"].decode(String?.self),
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
        payment.traceParent = try row["trace_parent"].decode(String?.self)
        return payment
    }
}
