public import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// Corridors' prefunded positions, their ledger of entries, and treasury's top-ups and
/// adjustments under maker-checker. Reservations, settlements and releases are written by the
/// hand-off statement and the payments' trigger (migration 019), never here.
public struct LiquidityRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// What a decision did.
    public enum Decision: Sendable, Equatable {
        case decided(LiquidityRequest)
        case notFound
        case notPending(LiquidityRequest.Status)
        /// The checker is the maker (same key or same client).
        case sameMaker
        /// An adjustment that would take the available balance below zero; nothing was changed.
        case wouldOverdraw
    }

    /// Creates the position of each corridor that has none yet, with its opening balance as its
    /// first entry. Positions already there are left as they are.
    /// `inboundCredits` is set from the spec every time.
    public func seed(_ corridors: [(id: String, currency: String, openingMinor: Int64, inboundCredits: Bool)], at: Date) async throws {
        for corridor in corridors {
            try await database.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "UPDATE liquidity_positions SET inbound = \(corridor.inboundCredits ? "credit" : "none") WHERE corridor_id = \(corridor.id)",
                    logger: logger)
                let rows = try await connection.query(
                    """
                    INSERT INTO liquidity_positions (corridor_id, currency, available_minor, inbound, updated_at)
                    VALUES (\(corridor.id), \(corridor.currency), 0, \(corridor.inboundCredits ? "credit" : "none"), \(at))
                    ON CONFLICT (corridor_id) DO NOTHING RETURNING corridor_id
                    """, logger: logger)
                var created = false
                for try await _ in rows { created = true }
                guard created, corridor.openingMinor != 0 else { return }
                try await connection.query(
                    "SELECT mekong_liquidity_move(\(corridor.id), 'opening', \(corridor.openingMinor), 0, NULL, NULL, 'the spec''s opening balance', \(at))",
                    logger: logger)
            }
        }
    }

    public func positions() async throws -> [LiquidityPosition] {
        let rows = try await database.query(
            """
            SELECT p.corridor_id, p.currency, f.balance_minor, f.reserved_minor, p.updated_at,
                   (SELECT count(*) FROM payments q WHERE q.corridor_id = p.corridor_id AND q.state = 'FX_PENDING' AND q.hold_code = 5002)::int8,
                   p.low_water_minor, p.critical_minor, p.marks_set_by, p.marks_set_at, p.level, p.level_since
            FROM liquidity_positions p JOIN mekong_liquidity_figures() f ON f.corridor_id = p.corridor_id ORDER BY p.corridor_id
            """, logger: logger)
        var positions: [LiquidityPosition] = []
        for try await row in rows {
            let (corridor, currency, balance, reserved, updated, queued, low, critical, setBy, setAt, level, since) = try row.decode(
                (String, String, Int64, Int64, Date, Int, Int64?, Int64?, String?, Date?, String, Date?).self)
            positions.append(
                LiquidityPosition(
                    corridorID: corridor, currency: currency, balanceMinor: balance, reservedMinor: reserved, updatedAt: updated, queued: queued,
                    lowWaterOverrideMinor: low, criticalOverrideMinor: critical, marksSetBy: setBy, marksSetAt: setAt, announcedLevel: level,
                    levelSince: since))
        }
        return positions
    }

    public func position(corridorID: String) async throws -> LiquidityPosition? {
        try await positions().first { $0.corridorID == corridorID }
    }

    /// Sets treasury's marks over the spec's (nil and nil: back to the spec's), with its audit row.
    /// Answers the position before, or nil when the corridor has none.
    public func setMarks(
        corridorID: String, lowWaterMinor: Int64?, criticalMinor: Int64?, keyID: String, at: Date, sourceAddress: String?
    ) async throws -> LiquidityPosition? {
        guard let before = try await position(corridorID: corridorID) else { return nil }
        var after = before
        after.lowWaterOverrideMinor = lowWaterMinor
        after.criticalOverrideMinor = criticalMinor
        after.marksSetBy = keyID
        after.marksSetAt = at
        let changed = after
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                UPDATE liquidity_positions SET low_water_minor = \(lowWaterMinor), critical_minor = \(criticalMinor), marks_set_by = \(keyID),
                    marks_set_at = \(at)
                WHERE corridor_id = \(corridorID)
                """, logger: logger)
            func marks(_ p: LiquidityPosition) -> [String: Int64?] {
                ["low_water_minor": p.lowWaterOverrideMinor, "critical_minor": p.criticalOverrideMinor]
            }
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: keyID, action: "liquidity.marks", target: corridorID, before: try AuditEntry.json(marks(before)),
                    after: try AuditEntry.json(marks(changed)), at: at, sourceAddress: sourceAddress), on: connection, logger: logger)
        }
        return before
    }

    /// Records that a position's level changed from `old` to `new` and, in the same transaction,
    /// queues `eventType` (if any) for every client with an enabled webhook subscription that
    /// names it: `payload(eventID)` makes each one's body. Answers false (and sends nothing) when
    /// another instance announced the change first.
    public func announceLevel(
        corridorID: String, from old: String, to new: String, eventType: String?, at: Date,
        payload: @escaping @Sendable (String) throws -> String
    ) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection -> Bool in
            let rows = try await connection.query(
                """
                UPDATE liquidity_positions SET level = \(new), level_since = \(at) WHERE corridor_id = \(corridorID) AND level = \(old)
                RETURNING corridor_id
                """, logger: logger)
            var changed = false
            for try await _ in rows { changed = true }
            guard changed, let eventType else { return changed }
            let clients = try await connection.query(
                """
                SELECT DISTINCT client_id FROM webhook_subscriptions
                WHERE state = 'ENABLED' AND deleted_at IS NULL AND \(eventType) = ANY (events) ORDER BY client_id
                """, logger: logger)
            var events: [OutboxEvent] = []
            let aggregate = "liquidity:\(corridorID):\(Int64(at.timeIntervalSince1970 * 1000))"
            for try await client in clients.decode(String.self) {
                let id = Identifier.make("evt", at: at)
                events.append(
                    OutboxEvent(
                        id: id, aggregateID: aggregate, sequence: events.count, type: eventType, payload: try payload(id), createdAt: at,
                        clientID: client))
            }
            try await PaymentRepository.insert(events: events, on: connection, logger: logger)
            return true
        }
    }

    /// One corridor's available balance (balance − reserved), or nil when it has no position.
    public func available(corridorID: String) async throws -> Int64? {
        let rows = try await database.query(
            "SELECT available_minor FROM liquidity_positions WHERE corridor_id = \(corridorID)", logger: logger)
        for try await available in rows.decode(Int64.self) { return available }
        return nil
    }

    /// Positions whose figures differ from the sum of their entries: none, unless something is wrong.
    public func drift() async throws -> [String] {
        let rows = try await database.query("SELECT corridor_id FROM mekong_liquidity_drift()", logger: logger)
        var corridors: [String] = []
        for try await corridor in rows.decode(String.self) { corridors.append(corridor) }
        return corridors
    }

    /// Stores a pending top-up or adjustment with its audit row.
    public func request(_ request: LiquidityRequest, sourceAddress: String?) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO liquidity_requests (id, corridor_id, kind, amount_minor, currency, note, status, requested_by, requested_client, requested_at)
                VALUES (\(request.id), \(request.corridorID), \(request.kind.rawValue), \(request.amountMinor), \(request.currency), \(request.note),
                        'pending', \(request.requestedBy), \(request.requestedClient), \(request.requestedAt))
                """, logger: logger)
            try await AuditRepository.append(
                AuditEntry(
                    actorKeyID: request.requestedBy, action: "liquidity.\(request.kind.rawValue)", target: request.id, before: nil,
                    after: try AuditEntry.json(request), at: request.requestedAt, sourceAddress: sourceAddress), on: connection, logger: logger)
        }
    }

    /// Approves or rejects a pending request, with its audit row, in one transaction. An
    /// approval moves the position (an entry of the request's kind) and makes the corridor's
    /// queued payments due again, oldest first.
    public func decide(
        id: String, approve: Bool, keyID: String, clientID: String, note: String?, at: Date, sourceAddress: String?
    ) async throws -> Decision {
        do {
            return try await database.withTransaction(logger: logger) { connection -> Decision in
                let rows = try await connection.query(
                    "SELECT \(unescaped: Self.columns) FROM liquidity_requests WHERE id = \(id) FOR UPDATE", logger: logger)
                var found: LiquidityRequest?
                for try await row in rows { found = try Self.decode(row) }
                guard let before = found else { return .notFound }
                guard before.status == .pending else { return .notPending(before.status) }
                if approve { guard before.requestedBy != keyID, before.requestedClient != clientID else { return .sameMaker } }
                var after = before
                after.status = approve ? .approved : .rejected
                after.decidedBy = keyID
                after.decidedClient = clientID
                after.decidedAt = at
                after.decisionNote = note
                try await connection.query(
                    """
                    UPDATE liquidity_requests SET status = \(after.status.rawValue), decided_by = \(keyID), decided_client = \(clientID),
                        decided_at = \(at), decision_note = \(note)
                    WHERE id = \(id)
                    """, logger: logger)
                if approve {
                    try await connection.query(
                        """
                        SELECT mekong_liquidity_move(\(before.corridorID), \(before.kind.rawValue), \(before.amountMinor), 0, NULL, \(id),
                                                     \(before.note), \(at))
                        """, logger: logger)
                    try await connection.query(
                        """
                        UPDATE payments SET next_action_at = created_at, updated_at = \(at)
                        WHERE corridor_id = \(before.corridorID) AND state = 'FX_PENDING' AND hold_code = 5002
                        """, logger: logger)
                }
                try await AuditRepository.append(
                    AuditEntry(
                        actorKeyID: keyID, action: approve ? "liquidity.approve" : "liquidity.reject", target: id,
                        before: try AuditEntry.json(before), after: try AuditEntry.json(after), at: at, sourceAddress: sourceAddress),
                    on: connection, logger: logger)
                return .decided(after)
            }
        } catch  where StoreError.isCheckViolation(error, constraint: "liquidity_positions_available") {
            return .wouldOverdraw
        }
    }

    public func find(id: String) async throws -> LiquidityRequest? {
        let rows = try await database.query("SELECT \(unescaped: Self.columns) FROM liquidity_requests WHERE id = \(id)", logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// Requests, newest first, optionally of one status.
    public func requests(status: LiquidityRequest.Status?, page: PageRequest) async throws -> Page<LiquidityRequest> {
        var records: [LiquidityRequest] = []
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM liquidity_requests
            WHERE (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(page.after?.micros)::int8 IS NULL OR (requested_at, id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
            ORDER BY requested_at DESC, id DESC LIMIT \(page.readLimit)
            """, logger: logger)
        for try await row in rows { records.append(try Self.decode(row)) }
        return Page(reading: records, limit: page.limit) { PageCursor(at: $0.requestedAt, id: $0.id) }
    }

    private static let columns = """
        id, corridor_id, kind, amount_minor, currency, note, status, requested_by, requested_client, requested_at,
        decided_by, decided_client, decided_at, decision_note
        """

    private static func decode(_ row: PostgresRow) throws -> LiquidityRequest {
        let (id, corridor, kind, amount, currency, note, status, by, client, at, decidedBy, decidedClient, decidedAt, decisionNote) =
            try row.decode((String, String, String, Int64, String, String, String, String, String, Date, String?, String?, Date?, String?).self)
        return LiquidityRequest(
            id: id, corridorID: corridor, kind: LiquidityRequest.Kind(rawValue: kind) ?? .adjustment, amountMinor: amount, currency: currency,
            note: note, status: LiquidityRequest.Status(rawValue: status) ?? .pending, requestedBy: by, requestedClient: client, requestedAt: at,
            decidedBy: decidedBy, decidedClient: decidedClient, decidedAt: decidedAt, decisionNote: decisionNote)
    }
}
