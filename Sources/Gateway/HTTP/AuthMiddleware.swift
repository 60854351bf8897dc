import Logging
import Crypto
import Foundation
public import Hummingbird
import MekongCore
public import Store

/// Authenticates `Authorization: Bearer mk_…` against the stored key hashes.
///
/// A malformed, unknown, revoked or expired key gets 1001. The stored hash is compared in
/// constant time after the indexed look-up. A key past its rate limit gets 429 (1004) with
/// Retry-After.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let keys: APIKeyRepository
    let limiter: KeyRateLimiter

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw APIError(.invalidCredentials, "send the API key as 'Authorization: Bearer mk_…'")
        }
        let presented = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard APIKeyMaker.isWellFormed(presented) else { throw APIError(.invalidCredentials, "the API key is not valid") }
        let hash = APIKeyMaker.hash(presented)
        guard let (record, stored) = try await keys.find(secretHash: hash), ConstantTime.equal(stored, hash) else {
            throw APIError(.invalidCredentials, "the API key is not valid")
        }
        if record.revokedAt != nil { throw APIError(.invalidCredentials, "the API key has been revoked") }
        if let expires = record.expiresAt, expires <= Date() { throw APIError(.invalidCredentials, "the API key has expired") }
        guard let role = Role(rawValue: record.role) else { throw APIError(.invalidCredentials, "the API key has an unknown role") }
        guard AddressAllowlist.allows(context.remoteAddress, list: record.allowedIPs) else {
            throw APIError(.invalidCredentials, "the API key may not be used from this address")
        }
        if let wait = limiter.check(keyID: record.id) {
            var refusal = APIError(.rateLimited, "this API key is over its rate limit; retry after \(wait) s")
            refusal.headers[.retryAfter] = String(wait)
            throw refusal
        }
        var context = context
        context.caller = Caller(keyID: record.id, clientID: record.clientID, role: role, permissions: Set(record.permissions))
        context.logger[metadataKey: "key"] = "\(record.id)"
        return try await next(request, context)
    }
}
