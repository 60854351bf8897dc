public import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// KHQR merchants and charges. Every status change writes its events to the outbox in the
/// same transaction, and only a pending charge changes status (compare-and-set on it).
public struct ChargeRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    // MARK: Merchants

    /// Registers a merchant and its first key. Returns false if the email is taken.
    public func register(_ merchant: MerchantRecord, key: APIKeyRecord, secretHash: Data) async throws -> Bool {
        try await database.withTransaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                INSERT INTO merchants (client_id, email, name, bakong_account_id, city, created_at)
                VALUES (\(merchant.clientID), \(merchant.email), \(merchant.name), \(merchant.bakongAccountID), \(merchant.city), \(merchant.createdAt))
                ON CONFLICT DO NOTHING RETURNING client_id
                """, logger: logger)
            var inserted = false
            for try await _ in rows { inserted = true }
            guard inserted else { return false }
            try await APIKeyRepository.insert(key, secretHash: secretHash, replaces: nil, on: connection, logger: logger)
            return true
        }
    }

    public func merchant(clientID: String) async throws -> MerchantRecord? {
        let rows = try await database.query(
            """
            SELECT client_id, email, name, bakong_account_id, city, created_at FROM merchants WHERE client_id = \(clientID)
            """, logger: logger)
        for try await (id, email, name, account, city, at) in rows.decode((String, String, String, String, String, Date).self) {
            return MerchantRecord(clientID: id, email: email, name: name, bakongAccountID: account, city: city, createdAt: at)
        }
        return nil
    }

    // MARK: Charges

    static let columns = """
        id, client_id, amount_minor, currency, description, metadata, status, qr_code, md5_hash, bill_number, created_at, expires_at,
        paid_at, failed_reason, bakong_hash, payer_account, payment_id
        """

    public func create(_ charge: ChargeRecord, events: [OutboxEvent]) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                INSERT INTO charges (id, client_id, amount_minor, currency, description, metadata, status, qr_code, md5_hash, bill_number,
                                     created_at, expires_at)
                VALUES (\(charge.id), \(charge.clientID), \(charge.amount.minorUnits), \(charge.amount.currency.code), \(charge.description),
                        \(charge.metadata), \(charge.status.rawValue), \(charge.qrCode), \(charge.md5Hash), \(charge.billNumber),
                        \(charge.createdAt), \(charge.expiresAt))
                """, logger: logger)
            try await PaymentRepository.insert(events: events, on: connection, logger: logger)
        }
    }

    /// A charge by id; only the client's own when `clientID` is given.
    public func find(id: String, clientID: String?) async throws -> ChargeRecord? {
        try await collect(
            "SELECT \(unescaped: Self.columns) FROM charges WHERE id = \(id) AND (\(clientID)::text IS NULL OR client_id = \(clientID))"
        ).first
    }

    /// The client's charges, newest first, with how many there are in all.
    public func list(clientID: String, status: ChargeRecord.Status?, limit: Int, offset: Int) async throws -> (charges: [ChargeRecord], total: Int) {
        let charges = try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM charges WHERE client_id = \(clientID) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
            """)
        let rows = try await database.query(
            """
            SELECT count(*)::int FROM charges WHERE client_id = \(clientID) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            """, logger: logger)
        var total = 0
        for try await count in rows.decode(Int.self) { total = count }
        return (charges, total)
    }

    /// Counts per status, and the paid sum per currency (minor units), of a client's charges.
    public func stats(clientID: String) async throws -> (counts: [ChargeRecord.Status: Int], paid: [String: (count: Int, minor: Int64)]) {
        var counts: [ChargeRecord.Status: Int] = [:]
        let byStatus = try await database.query(
            "SELECT status, count(*)::int FROM charges WHERE client_id = \(clientID) GROUP BY status", logger: logger)
        for try await (status, count) in byStatus.decode((String, Int).self) {
            if let status = ChargeRecord.Status(rawValue: status) { counts[status] = count }
        }
        var paid: [String: (count: Int, minor: Int64)] = [:]
        let sums = try await database.query(
            """
            SELECT currency, count(*)::int, sum(amount_minor)::bigint FROM charges WHERE client_id = \(clientID) AND status = 'paid' GROUP BY currency
            """, logger: logger)
        for try await (currency, count, minor) in sums.decode((String, Int, Int64).self) { paid[currency] = (count, minor) }
        return (counts, paid)
    }

    /// The charge a KHQR payload's MD5 names, if any.
    public func find(md5: String) async throws -> ChargeRecord? {
        try await collect(
            "SELECT \(unescaped: Self.columns) FROM charges WHERE md5_hash = \(md5)"
        ).first
    }

    /// Claims a pending, unexpired, unclaimed charge for the inbound payment that pays it.
    public func claim(chargeID: String, paymentID: String, now: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            UPDATE charges SET payment_id = \(paymentID) WHERE id = \(chargeID) AND status = 'pending' AND payment_id IS NULL AND expires_at > \(now)
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Gives a claim back (the payment was not stored).
    public func release(chargeID: String, paymentID: String) async throws {
        try await database.query(
            "UPDATE charges SET payment_id = NULL WHERE id = \(chargeID) AND payment_id = \(paymentID) AND status = 'pending'",
            logger: logger)
    }

    /// Pending charges claimed by an inbound payment: the watcher follows those payments.
    public func pendingClaimed(limit: Int) async throws -> [ChargeRecord] {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM charges WHERE status = 'pending' AND payment_id IS NOT NULL ORDER BY created_at LIMIT \(limit)
            """)
    }

    /// Pending charges not yet expired, least recently checked first: what the watcher asks Bakong about.
    public func pendingToCheck(now: Date, limit: Int) async throws -> [ChargeRecord] {
        try await collect(
            """
            SELECT \(unescaped: Self.columns) FROM charges WHERE status = 'pending' AND expires_at > \(now) AND payment_id IS NULL
            ORDER BY checked_at NULLS FIRST, created_at LIMIT \(limit)
            """)
    }

    public func markChecked(ids: [String], at: Date) async throws {
        guard !ids.isEmpty else { return }
        try await database.query("UPDATE charges SET checked_at = \(at) WHERE id = ANY(\(ids))", logger: logger)
    }

    /// Moves a pending charge to paid or failed, with its events. Returns the charge as it
    /// became, or nil if it was no longer pending.
    public func settle(
        _ id: String, paid: Bool, at: Date, bakongHash: String?, payerAccount: String?, paymentID: String?,
        failedReason: String?, events: @escaping @Sendable (ChargeRecord) -> [OutboxEvent]
    ) async throws -> ChargeRecord? {
        try await database.withTransaction(logger: logger) { connection -> ChargeRecord? in
            let rows = try await connection.query(
                """
                UPDATE charges SET status = \(paid ? "paid" : "failed"), paid_at = \(paid ? at : nil), bakong_hash = \(bakongHash), payer_account = \(payerAccount), payment_id = \(paymentID), failed_reason = \(failedReason), checked_at = \(at)
                WHERE id = \(id) AND status = 'pending' RETURNING \(unescaped: Self.columns)
                """,
                logger: logger)
            var updated: ChargeRecord?
            for try await row in rows { updated = try Self.decode(row) }
            guard let updated else { return nil }
            try await PaymentRepository.insert(events: events(updated), on: connection, logger: logger)
            return updated
        }
    }

    /// Expires pending charges past their time (up to `limit`), with their events, each made
    /// with its merchant's name. A charge a cross-border payment is paying is left to that
    /// payment's outcome.
    public func expireDue(
        now: Date, limit: Int,
        events: @escaping @Sendable (ChargeRecord, _ merchantName: String) -> [OutboxEvent]
    ) async throws -> [ChargeRecord] {
        try await database.withTransaction(logger: logger) { connection -> [ChargeRecord] in
            let rows = try await connection.query(
                """
                UPDATE charges SET status = 'expired' WHERE id IN (
                    SELECT id FROM charges WHERE status = 'pending' AND expires_at <= \(now) AND payment_id IS NULL
                    ORDER BY expires_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            var expired: [ChargeRecord] = []
            for try await row in rows { expired.append(try Self.decode(row)) }
            var names: [String: String] = [:]
            if !expired.isEmpty {
                let found = try await connection.query(
                    "SELECT client_id, name FROM merchants WHERE client_id = ANY(\(Array(Set(expired.map { ClientPartition.client(of: $0.clientID) }))))",
                    logger: logger)
                for try await (client, name) in found.decode((String, String).self) { names[client] = name }
            }
            try await PaymentRepository.insert(
                events: expired.flatMap { events($0, names[ClientPartition.client(of: $0.clientID)] ?? "") }, on: connection, logger: logger)
            return expired
        }
    }

    private func collect(_ query: PostgresQuery) async throws -> [ChargeRecord] {
        var records: [ChargeRecord] = []
        for try await row in try await database.query(query, logger: logger) { records.append(try Self.decode(row)) }
        return records
    }

    static func decode(_ row: PostgresRow) throws -> ChargeRecord {
        let r = row.makeRandomAccess()
        let currency = Currency.named(try r["currency"].decode(String.self)) ?? .USD
        return ChargeRecord(
            id: try r["id"].decode(String.self), clientID: try r["client_id"].decode(String.self),
            amount: Money(minorUnits: try r["amount_minor"].decode(Int64.self), currency: currency),
            description: try r["description"].decode(String?.self), metadata: try r["metadata"].decode(String.self),
            status: ChargeRecord.Status(rawValue: try r["status"].decode(String.self)) ?? .pending, qrCode: try r["qr_code"].decode(String.self),
            md5Hash: try r["md5_hash"].decode(String.self), billNumber: try r["bill_number"].decode(String.self),
            createdAt: try r["created_at"].decode(Date.self), expiresAt: try r["expires_at"].decode(Date.self),
            paidAt: try r["paid_at"].decode(Date?.self), failedReason: try r["failed_reason"].decode(String?.self),
            bakongHash: try r["bakong_hash"].decode(String?.self), payerAccount: try r["payer_account"].decode(String?.self),
            paymentID: try r["payment_id"].decode(String?.self))
    }
}
