public import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// API keys in PostgreSQL, looked up by the SHA-256 of the presented secret.
public struct APIKeyRepository: Sendable {
    let database: Database
    let logger: Logger
    /// Look-ups of concurrent requests share one statement; each is read fresh from
    /// PostgreSQL (no cache), so a revocation holds from the very next request on.
    private let lookups: GroupCommit<Data, (APIKeyRecord, Data)?>

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
        lookups = GroupCommit(maxBatch: database.batching.maxBatch, maxInFlight: database.batching.maxInFlight) { hashes in
            var found: [Data: (APIKeyRecord, Data)] = [:]
            for (id, clientID, role, name, prefix, permissions, created, expires, revoked, hash, ips)
                in try await database.execute(KeyBySecretHash(secretHashes: hashes), logger: logger)
            {
                found[hash] = (
                    APIKeyRecord(
                        id: id, clientID: clientID, role: role, name: name, prefix: prefix, permissions: permissions,
                        createdAt: created, expiresAt: expires, revokedAt: revoked, allowedIPs: ips), hash
                )
            }
            return hashes.map { .success(found[$0]) }
        }
    }

    /// Stores a key by its hash.
    public func insert(_ record: APIKeyRecord, secretHash: Data) async throws {
        try await database.withConnection { connection in
            try await Self.insert(record, secretHash: secretHash, replaces: nil, on: connection, logger: logger)
        }
    }

    static func insert(_ record: APIKeyRecord, secretHash: Data, replaces: String?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO api_keys (id, client_id, role, name, prefix, secret_hash, permissions, created_at, expires_at, allowed_ips, replaces)
            VALUES (\(record.id), \(record.clientID), \(record.role), \(record.name), \(record.prefix), \(secretHash),
                \(record.permissions), \(record.createdAt), \(record.expiresAt), \(record.allowedIPs), \(replaces))
            """, logger: logger)
    }

    /// Creates a key and its audit row in one transaction.
    public func create(_ record: APIKeyRecord, secretHash: Data, audit: AuditEntry) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await Self.insert(record, secretHash: secretHash, replaces: nil, on: connection, logger: logger)
            try await AuditRepository.append(audit, on: connection, logger: logger)
        }
    }

    /// Revokes a key at `at`, with its audit row. Returns the key as it was, or nil.
    public func revoke(id: String, at: Date, audit: @escaping @Sendable (APIKeyRecord) -> AuditEntry) async throws -> APIKeyRecord? {
        try await database.withTransaction(logger: logger) { connection -> APIKeyRecord? in
            guard let before = try await Self.lockedKey(id: id, on: connection, logger: logger) else { return nil }
            try await connection.query("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, \(at)) WHERE id = \(id)", logger: logger)
            try await AuditRepository.append(audit(before), on: connection, logger: logger)
            return before
        }
    }

    /// Replaces a key by a new one for the same client, role, permissions and addresses; the
    /// old key keeps working until `oldExpiresAt`. Returns the old key, or nil if unknown or revoked.
    public func rotate(
        id: String, replacement: APIKeyRecord, secretHash: Data, oldExpiresAt: Date,
        audit: @escaping @Sendable (APIKeyRecord) -> AuditEntry
    ) async throws -> APIKeyRecord? {
        try await database.withTransaction(logger: logger) { connection -> APIKeyRecord? in
            guard let old = try await Self.lockedKey(id: id, on: connection, logger: logger), old.revokedAt == nil else { return nil }
            try await Self.insert(replacement, secretHash: secretHash, replaces: id, on: connection, logger: logger)
            try await connection.query(
                """
                UPDATE api_keys SET expires_at = LEAST(COALESCE(expires_at, \(oldExpiresAt)), \(oldExpiresAt)) WHERE id = \(id)
                """, logger: logger)
            try await AuditRepository.append(audit(old), on: connection, logger: logger)
            return old
        }
    }

    /// Every key, or one client's, newest first (never the secrets: they are not stored).
    public func list(clientID: String? = nil, page: PageRequest) async throws -> Page<APIKeyRecord> {
        let rows = try await database.query(
            """
            SELECT id, client_id, role, name, prefix, permissions, created_at, expires_at, revoked_at, allowed_ips
            FROM api_keys WHERE (\(clientID)::text IS NULL OR client_id = \(clientID)) AND (\(page.after?.micros)::int8 IS NULL OR (created_at, id) < ((\(unescaped: PageCursor.epoch) + \(page.after?.micros)::int8 * interval '1 microsecond'), \(page.after?.id)))
            ORDER BY created_at DESC, id DESC LIMIT \(page.readLimit)
            """, logger: logger)
        var keys: [APIKeyRecord] = []
        for try await (id, clientID, role, name, prefix, permissions, created, expires, revoked, ips)
            in rows.decode((String, String, String, String, String, [String], Date, Date?, Date?, [String]).self)
        {
            keys.append(
                APIKeyRecord(
                    id: id, clientID: clientID, role: role, name: name, prefix: prefix, permissions: permissions,
                    createdAt: created, expiresAt: expires, revokedAt: revoked, allowedIPs: ips))
        }
        return Page(reading: keys, limit: page.limit) { PageCursor(at: $0.createdAt, id: $0.id) }
    }

    /// Every key of one client, newest first (a merchant's own keys: a short list).
    public func all(clientID: String) async throws -> [APIKeyRecord] {
        try await list(clientID: clientID, page: PageRequest(limit: 10_000)).rows
    }

    /// The key with `id`, revoked or not.
    public func find(id: String) async throws -> APIKeyRecord? {
        try await database.withConnection { connection in try await Self.lockedKey(id: id, on: connection, logger: logger, lock: false) }
    }

    static func lockedKey(id: String, on connection: PostgresConnection, logger: Logger, lock: Bool = true) async throws -> APIKeyRecord? {
        let rows = try await connection.query(
            """
            SELECT id, client_id, role, name, prefix, permissions, created_at, expires_at, revoked_at, allowed_ips
            FROM api_keys WHERE id = \(id) \(unescaped: lock ? "FOR UPDATE" : "")
            """, logger: logger)
        for try await (id, clientID, role, name, prefix, permissions, created, expires, revoked, ips)
            in rows.decode((String, String, String, String, String, [String], Date, Date?, Date?, [String]).self)
        {
            return APIKeyRecord(
                id: id, clientID: clientID, role: role, name: name, prefix: prefix, permissions: permissions,
                createdAt: created, expiresAt: expires, revokedAt: revoked, allowedIPs: ips)
        }
        return nil
    }

    /// The key whose secret hashes to `secretHash`, revoked or not.
    ///
    /// The look-up is by an index on the hash, so the secret itself is never compared
    /// byte by byte; the caller then compares the stored hash in constant time.
    public func find(secretHash: Data) async throws -> (APIKeyRecord, Data)? {
        try await lookups.submit(secretHash)
    }
}
