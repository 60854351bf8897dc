import Foundation
import MekongCore
import Store

/// Turns a presented API key into a `Caller`, or refuses it with 1001: malformed, unknown,
/// revoked, expired, of an unknown role, or used from an address outside its allowlist. The
/// API's bearer check and the console's login and sessions all go through it.
struct KeyAuthenticator: Sendable {
    let keys: APIKeyRepository

    func caller(presenting presented: String, from remoteAddress: String?) async throws -> Caller {
        guard APIKeyMaker.isWellFormed(presented) else { throw APIError(.invalidCredentials, "the API key is not valid") }
        let hash = APIKeyMaker.hash(presented)
        guard let (record, stored) = try await keys.find(secretHash: hash), ConstantTime.equal(stored, hash) else {
            throw APIError(.invalidCredentials, "the API key is not valid")
        }
        return try Self.caller(for: record, from: remoteAddress)
    }

    /// The caller a stored key stands for, if it may still be used from `remoteAddress`.
    static func caller(for record: APIKeyRecord, from remoteAddress: String?) throws -> Caller {
        if record.revokedAt != nil { throw APIError(.invalidCredentials, "the API key has been revoked") }
        if let expires = record.expiresAt, expires <= Date() { throw APIError(.invalidCredentials, "the API key has expired") }
        guard let role = Role(rawValue: record.role) else { throw APIError(.invalidCredentials, "the API key has an unknown role") }
        guard AddressAllowlist.allows(remoteAddress, list: record.allowedIPs) else {
            throw APIError(.invalidCredentials, "the API key may not be used from this address")
        }
        let live = record.prefix.hasPrefix("mk_live_")
        return Caller(
            keyID: record.id, clientID: ClientPartition.id(client: record.clientID, live: live), role: role,
            permissions: Set(record.permissions))
    }
}
