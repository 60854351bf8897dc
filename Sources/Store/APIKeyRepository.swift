public import Foundation
public import Logging
public import PostgresNIO

/// API keys in PostgreSQL, looked up by the SHA-256 of the presented secret.
public struct APIKeyRepository: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Stores a key by its hash.
    public func insert(_ record: APIKeyRecord, secretHash: Data) async throws {
        try await client.query("""
            INSERT INTO api_keys (id, client_id, role, name, prefix, secret_hash, permissions, created_at, expires_at)
            VALUES (\(record.id), \(record.clientID), \(record.role), \(record.name), \(record.prefix), \(secretHash),
                \(record.permissions), \(record.createdAt), \(record.expiresAt))
            """, logger: logger)
    }

    /// The key whose secret hashes to `secretHash`, revoked or not.
    ///
    /// The look-up is by an index on the hash, so the secret itself is never compared
    /// byte by byte; the caller then compares the stored hash in constant time.
    public func find(secretHash: Data) async throws -> (APIKeyRecord, Data)? {
        let rows = try await client.query("""
            SELECT id, client_id, role, name, prefix, permissions, created_at, expires_at, revoked_at, secret_hash
            FROM api_keys WHERE secret_hash = \(secretHash)
            """, logger: logger)
        for try await (id, clientID, role, name, prefix, permissions, created, expires, revoked, hash)
            in rows.decode((String, String, String, String, String, [String], Date, Date?, Date?, Data).self) {
            return (APIKeyRecord(id: id, clientID: clientID, role: role, name: name, prefix: prefix, permissions: permissions,
                                 createdAt: created, expiresAt: expires, revokedAt: revoked), hash)
        }
        return nil
    }
}
