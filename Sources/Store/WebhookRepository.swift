public import Foundation
public import Logging
import PostgresNIO

/// Webhook subscriptions and deliveries in PostgreSQL.
///
/// Outbox events are fanned out to deliveries in one statement that claims unfanned events
/// (`FOR UPDATE SKIP LOCKED`), marks them and inserts one delivery per matching subscription,
/// so an event is fanned out exactly once whatever the number of instances. Deliveries are
/// claimed under a lease the same way.
///
/// Signing secrets are kept sealed (`SecretKeyring`): the table holds no secret in clear.
public struct WebhookRepository: Sendable {
    let database: Database
    let logger: Logger
    let keyring: SecretKeyring

    public init(database: Database, logger: Logger, keyring: SecretKeyring) {
        self.database = database
        self.logger = logger
        self.keyring = keyring
    }

    /// The authenticated data a subscription's sealed secrets are bound to.
    static func sealContext(_ id: String) -> String { "webhook_subscriptions:" + id }

    /// Seals every secret still in clear or under an older key (start-up, after a key rotation
    /// or the upgrade that introduced sealing); returns how many subscriptions it re-sealed.
    public func sealAtRest() async throws -> Int {
        var stale: [(id: String, secret: String, previous: String?)] = []
        for try await (id, secret, previous) in try await database.query(
            "SELECT id, secret, previous_secret FROM webhook_subscriptions", logger: logger
        ).decode((String, String, String?).self)
        where keyring.needsSealing(secret) || previous.map(keyring.needsSealing) == true {
            stale.append((id, secret, previous))
        }
        for row in stale {
            let context = Self.sealContext(row.id)
            let secret = keyring.seal(try keyring.open(row.secret, context: context), context: context)
            let previous = try row.previous.map { keyring.seal(try keyring.open($0, context: context), context: context) }
            try await database.query(
                """
                UPDATE webhook_subscriptions SET secret = \(secret), previous_secret = \(previous)
                WHERE id = \(row.id) AND secret = \(row.secret)
                """, logger: logger)
        }
        return stale.count
    }

    static let subscriptionColumns = """
        id, client_id, url, events, format, max_attempts, secret, previous_secret, previous_secret_until, state, disabled_reason, created_at
        """

    // MARK: Subscriptions

    public func insert(_ s: WebhookSubscription) async throws {
        try await database.query(
            """
            INSERT INTO webhook_subscriptions (id, client_id, url, events, format, max_attempts, secret, state, created_at)
            VALUES (\(s.id), \(s.clientID), \(s.url), \(s.events), \(s.format), \(s.maxAttempts),
                    \(keyring.seal(s.secret, context: Self.sealContext(s.id))), \(s.state), \(s.createdAt))
            """, logger: logger)
    }

    public func find(id: String, clientID: String) async throws -> WebhookSubscription? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.subscriptionColumns) FROM webhook_subscriptions WHERE id = \(id) AND client_id = \(clientID) AND deleted_at IS NULL
            """, logger: logger)
        for try await row in rows { return try decodeSubscription(row.makeRandomAccess()) }
        return nil
    }

    public func list(clientID: String) async throws -> [WebhookSubscription] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.subscriptionColumns) FROM webhook_subscriptions WHERE client_id = \(clientID) AND deleted_at IS NULL ORDER BY id
            """, logger: logger)
        var all: [WebhookSubscription] = []
        for try await row in rows { all.append(try decodeSubscription(row.makeRandomAccess())) }
        return all
    }

    /// Soft-deletes a subscription; its pending deliveries are failed. Returns false if not found.
    public func delete(id: String, clientID: String, at: Date) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                UPDATE webhook_subscriptions SET deleted_at = \(at), state = 'DISABLED', disabled_reason = 'deleted'
                WHERE id = \(id) AND client_id = \(clientID) AND deleted_at IS NULL RETURNING id
                """, logger: logger)
            var found = false
            for try await _ in rows { found = true }
            guard found else { return false }
            try await connection.query(
                """
                UPDATE webhook_deliveries SET state = 'FAILED', last_error = 'subscription deleted', next_attempt_at = NULL, updated_at = \(at)
                WHERE subscription_id = \(id) AND state IN ('PENDING', 'RETRYING')
                """, logger: logger)
            return true
        }
    }

    /// Replaces the secret; the old one keeps signing until `overlapUntil`.
    public func rotate(id: String, clientID: String, newSecret: String, overlapUntil: Date) async throws -> Bool {
        let sealed = keyring.seal(newSecret, context: Self.sealContext(id))
        let rows = try await database.query(
            """
            UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = \(overlapUntil), secret = \(sealed)
            WHERE id = \(id) AND client_id = \(clientID) AND deleted_at IS NULL RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    // MARK: Fan-out and delivery

    /// Fans up to `limit` new outbox events out to deliveries; returns how many events it took
    /// and the trace context of their payments (those created with tracing on).
    @discardableResult
    public func fanOut(limit: Int, now: Date) async throws -> (events: Int, traceParents: [String]) {
        let rows = try await database.query(
            """
            WITH batch AS (
                SELECT id, client_id, type, aggregate_id FROM outbox_events WHERE fanned_out_at IS NULL
                ORDER BY created_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ), marked AS (
                UPDATE outbox_events o SET fanned_out_at = \(now) FROM batch WHERE o.id = batch.id RETURNING o.id
            ), inserted AS (
                INSERT INTO webhook_deliveries (id, subscription_id, event_id, client_id, state, attempts, next_attempt_at, created_at, updated_at)
                SELECT mekong_id('dlv'), s.id, b.id, b.client_id, 'PENDING', 0, \(now), \(now), \(now)
                FROM batch b JOIN webhook_subscriptions s
                  ON s.client_id = b.client_id AND s.state = 'ENABLED' AND s.deleted_at IS NULL
                 AND (b.type = ANY (s.events) OR '*' = ANY (s.events))
                ON CONFLICT (subscription_id, event_id) DO NOTHING
                RETURNING id
            )
            SELECT (SELECT count(*) FROM marked)::int, (SELECT count(*) FROM inserted)::int,
                   ARRAY(SELECT DISTINCT p.trace_parent FROM batch b JOIN payments p ON p.id = b.aggregate_id WHERE p.trace_parent IS NOT NULL)
            """, logger: logger)
        for try await (events, _, traceParents) in rows.decode((Int, Int, [String]).self) { return (events, traceParents) }
        return (0, [])
    }

    /// Claims deliveries that are due, leasing each until `now + lease`.
    public func claimDue(limit: Int, lease: TimeInterval, now: Date) async throws -> [WebhookDelivery] {
        let rows = try await database.query(
            """
            WITH claimed AS (
                UPDATE webhook_deliveries SET next_attempt_at = \(now.addingTimeInterval(lease))
                WHERE id IN (SELECT id FROM webhook_deliveries WHERE state IN ('PENDING', 'RETRYING') AND next_attempt_at <= \(now)
                             ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id, subscription_id, event_id, attempts
            )
            SELECT c.id AS delivery_id, c.event_id, c.attempts, e.type AS event_type, CASE WHEN s.format = 'bakongpay' AND e.bakongpay_body IS NOT NULL THEN e.bakongpay_body
                   ELSE COALESCE(e.body, e.payload::text) END AS payload,
                   s.id, s.client_id, s.url, s.events, s.format, s.max_attempts, s.secret, s.previous_secret,
                   s.previous_secret_until, s.state, s.disabled_reason, s.created_at,
                   (SELECT p.trace_parent FROM payments p WHERE p.id = e.aggregate_id) AS trace_parent, e.created_at AS event_created_at
            FROM claimed c JOIN outbox_events e ON e.id = c.event_id JOIN webhook_subscriptions s ON s.id = c.subscription_id
            """, logger: logger)
        var due: [WebhookDelivery] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            due.append(
                WebhookDelivery(
                    id: try r["delivery_id"].decode(String.self), eventID: try r["event_id"].decode(String.self),
                    eventType: try r["event_type"].decode(String.self), payload: try r["payload"].decode(String.self),
                    attempts: try r["attempts"].decode(Int.self), subscription: try decodeSubscription(r),
                    traceParent: try r["trace_parent"].decode(String?.self),
                    eventCreatedAt: try r["event_created_at"].decode(Date.self)))
        }
        return due
    }

    /// The delivery with `id` if it belongs to `clientID` (any client's when nil), for a manual re-send.
    public func delivery(id: String, clientID: String?) async throws -> WebhookDelivery? {
        let rows = try await database.query(
            """
            SELECT d.id AS delivery_id, d.event_id, d.attempts, d.state AS delivery_state, e.type AS event_type, CASE WHEN s.format = 'bakongpay' AND e.bakongpay_body IS NOT NULL THEN e.bakongpay_body
                   ELSE COALESCE(e.body, e.payload::text) END AS payload,
                   s.id, s.client_id, s.url, s.events, s.format, s.max_attempts, s.secret, s.previous_secret,
                   s.previous_secret_until, s.state, s.disabled_reason, s.created_at
            FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE d.id = \(id) AND (\(clientID)::text IS NULL OR d.client_id = \(clientID))
            """, logger: logger)
        for try await row in rows {
            let r = row.makeRandomAccess()
            return WebhookDelivery(
                id: try r["delivery_id"].decode(String.self), eventID: try r["event_id"].decode(String.self),
                eventType: try r["event_type"].decode(String.self), payload: try r["payload"].decode(String.self),
                attempts: try r["attempts"].decode(Int.self), subscription: try decodeSubscription(r))
        }
        return nil
    }

    /// Every client's deliveries, most recently changed first: optionally only those in `state`
    /// or about one payment or charge.
    public func log(state: String?, aggregateID: String?, page: PageRequest) async throws -> Page<DeliverySummary> {
        let rows = try await database.query(
            """
            SELECT d.id, d.client_id, d.subscription_id, s.url, d.event_id, e.type, e.aggregate_id, d.state, d.attempts,
                   d.last_status, d.last_duration_ms, d.last_error, d.next_attempt_at, d.updated_at, d.created_at
            FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id JOIN webhook_subscriptions s ON s.id = d.subscription_id
            WHERE (\(state)::text IS NULL OR d.state = \(state)) AND (\(aggregateID)::text IS NULL OR e.aggregate_id = \(aggregateID))
              AND (\(page.after?.micros)::int8 IS NULL OR (d.created_at, d.id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
            ORDER BY d.created_at DESC, d.id DESC LIMIT \(page.readLimit)
            """, logger: logger)
        var log: [(DeliverySummary, PageCursor)] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            let cursor = PageCursor(at: try r["created_at"].decode(Date.self), id: try r["id"].decode(String.self))
            log.append(
                (
                    DeliverySummary(
                        id: try r["id"].decode(String.self), clientID: try r["client_id"].decode(String.self),
                        subscriptionID: try r["subscription_id"].decode(String.self), url: try r["url"].decode(String.self),
                        eventID: try r["event_id"].decode(String.self), eventType: try r["type"].decode(String.self),
                        aggregateID: try r["aggregate_id"].decode(String.self), state: try r["state"].decode(String.self),
                        attempts: try r["attempts"].decode(Int.self), lastStatus: try r["last_status"].decode(Int?.self),
                        lastDurationMilliseconds: try r["last_duration_ms"].decode(Int?.self), lastError: try r["last_error"].decode(String?.self),
                        nextAttemptAt: try r["next_attempt_at"].decode(Date?.self), updatedAt: try r["updated_at"].decode(Date.self)), cursor
                ))
        }
        return Page(reading: log, limit: page.limit, cursor: \.1).map(\.0)
    }

    /// Records one attempt and the delivery's new state; when the receiver answered 410, `gone`
    /// names its subscription, which is disabled.
    public func record(_ attempt: DeliveryAttempt, gone: String?) async throws {
        try await recordAll([attempt], gone: gone.map { [$0] } ?? [])
    }

    /// Records a batch of attempts in one transaction (two statements for the lot, plus one
    /// per subscription to disable: those whose receivers answered 410, `gone`).
    public func recordAll(_ records: [DeliveryAttempt], gone: Set<String>) async throws {
        guard !records.isEmpty else { return }
        try await database.withTransaction(logger: logger) { connection in
            var insert = MultiRowInsert.query(
                "INSERT INTO webhook_attempts (delivery_id, attempt, state, status_code, duration_ms, error, at, next_attempt_at)",
                rows: records.map {
                    [$0.deliveryID, $0.attempt, $0.state, $0.statusCode, $0.durationMilliseconds, $0.error, $0.at, $0.nextAttemptAt]
                })
            insert.sql += " ON CONFLICT (delivery_id, attempt) DO NOTHING"
            try await connection.query(insert, logger: logger)
            var update = MultiRowInsert.query(
                "WITH v (id, attempts, state, next_attempt_at, last_status, last_duration_ms, last_error, updated_at) AS (",
                rows: records.map {
                    [$0.deliveryID, $0.attempt, $0.state, $0.nextAttemptAt, $0.statusCode, $0.durationMilliseconds, $0.error, $0.at]
                },
                casts: [1: "int", 3: "timestamptz", 4: "int", 5: "int", 7: "timestamptz"])
            update.sql += """
                ) UPDATE webhook_deliveries d SET attempts = v.attempts, state = v.state, next_attempt_at = v.next_attempt_at,
                    last_status = v.last_status, last_duration_ms = v.last_duration_ms, last_error = v.last_error, updated_at = v.updated_at
                FROM v WHERE d.id = v.id
                """
            try await connection.query(update, logger: logger)
            for subscriptionID in gone {
                try await connection.query(
                    """
                    UPDATE webhook_subscriptions SET state = 'DISABLED', disabled_reason = 'the receiver answered 410 Gone' WHERE id = \(subscriptionID)
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE webhook_deliveries SET state = 'FAILED', last_error = 'subscription disabled (410)', next_attempt_at = NULL
                    WHERE subscription_id = \(subscriptionID) AND state IN ('PENDING', 'RETRYING')
                    """, logger: logger)
            }
        }
    }

    /// The delivery log of a subscription: every attempt, newest first.
    public func attempts(subscriptionID: String, page: PageRequest) async throws -> Page<DeliveryLogEntry> {
        let rows = try await database.query(
            """
            SELECT a.delivery_id, d.event_id, e.type, a.attempt, a.state, a.status_code, a.duration_ms, a.error, a.at, a.next_attempt_at
            FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN outbox_events e ON e.id = d.event_id
            WHERE d.subscription_id = \(subscriptionID) AND (\(page.after?.micros)::int8 IS NULL OR (a.at, a.delivery_id, a.attempt) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id), \(page.after?.sequence)))
            ORDER BY a.at DESC, a.delivery_id DESC, a.attempt DESC LIMIT \(page.readLimit)
            """,
            logger: logger)
        var log: [DeliveryLogEntry] = []
        for try await (delivery, event, type, attempt, state, status, duration, error, at, next)
            in rows.decode((String, String, String, Int, String, Int?, Int, String?, Date, Date?).self)
        {
            log.append(
                DeliveryLogEntry(
                    eventID: event, eventType: type,
                    attempt: DeliveryAttempt(
                        deliveryID: delivery, attempt: attempt, state: state, statusCode: status, durationMilliseconds: duration, error: error,
                        at: at,
                        nextAttemptAt: next)))
        }
        return Page(reading: log, limit: page.limit) { PageCursor(at: $0.attempt.at, sequence: Int64($0.attempt.attempt), id: $0.attempt.deliveryID) }
    }

    func decodeSubscription(_ r: PostgresRandomAccessRow) throws -> WebhookSubscription {
        let id = try r["id"].decode(String.self)
        let context = Self.sealContext(id)
        return WebhookSubscription(
            id: id, clientID: try r["client_id"].decode(String.self), url: try r["url"].decode(String.self),
            events: try r["events"].decode([String].self), format: try r["format"].decode(String.self),
            maxAttempts: try r["max_attempts"].decode(Int?.self), secret: try keyring.open(try r["secret"].decode(String.self), context: context),
            previousSecret: try r["previous_secret"].decode(String?.self).map { try keyring.open($0, context: context) },
            previousSecretUntil: try r["previous_secret_until"].decode(Date?.self),
            state: try r["state"].decode(String.self), disabledReason: try r["disabled_reason"].decode(String?.self),
            createdAt: try r["created_at"].decode(Date.self))
    }
}
