public import Foundation
public import Logging
import PostgresNIO

/// The staff console's sessions. The browser holds a random token; only its SHA-256 is kept,
/// with the API key the session acts as and the session's CSRF token.
public struct ConsoleSessionRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func create(tokenHash: Data, keyID: String, csrfToken: String, at: Date, expiresAt: Date) async throws {
        try await database.query(
            """
            INSERT INTO console_sessions (token_hash, key_id, csrf_token, created_at, expires_at)
            VALUES (\(tokenHash), \(keyID), \(csrfToken), \(at), \(expiresAt))
            """, logger: logger)
    }

    /// The unexpired session with `tokenHash`: its key (revoked or not: the caller decides) and CSRF token.
    public func find(tokenHash: Data, now: Date) async throws -> (key: APIKeyRecord, csrfToken: String)? {
        let rows = try await database.query(
            """
            SELECT k.id, k.client_id, k.role, k.name, k.prefix, k.permissions, k.created_at, k.expires_at, k.revoked_at, k.allowed_ips,
                   s.csrf_token
            FROM console_sessions s JOIN api_keys k ON k.id = s.key_id
            WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now)
            """, logger: logger)
        for try await (id, clientID, role, name, prefix, permissions, created, expires, revoked, ips, csrf)
            in rows.decode((String, String, String, String, String, [String], Date, Date?, Date?, [String], String).self)
        {
            return (
                APIKeyRecord(
                    id: id, clientID: clientID, role: role, name: name, prefix: prefix, permissions: permissions,
                    createdAt: created, expiresAt: expires, revokedAt: revoked, allowedIPs: ips), csrf
            )
        }
        return nil
    }

    public func delete(tokenHash: Data) async throws {
        try await database.query("DELETE FROM console_sessions WHERE token_hash = \(tokenHash)", logger: logger)
    }

    /// Forgets sessions that expired before `instant`.
    public func purge(expiredBefore instant: Date) async throws {
        try await database.query("DELETE FROM console_sessions WHERE expires_at < \(instant)", logger: logger)
    }

    /// Spends a sign-in form's token: true the first time, false if it was spent already.
    public func spendSignInToken(hash: Data, at instant: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            INSERT INTO console_spent_sign_in_tokens (token_hash, spent_at) VALUES (\(hash), \(instant))
            ON CONFLICT (token_hash) DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Forgets spent sign-in tokens older than any form still open.
    public func purgeSpentSignInTokens(before instant: Date) async throws {
        try await database.query("DELETE FROM console_spent_sign_in_tokens WHERE spent_at < \(instant)", logger: logger)
    }
}
