import Foundation
import Hummingbird
import Logging
import MekongCore
import Store
import Tracing

/// Authenticates `Authorization: Bearer mk_…` against the stored key hashes.
///
/// A malformed, unknown, revoked or expired key gets 1001. The stored hash is compared in
/// constant time after the indexed look-up. A key past its rate limit gets 429 (1004) with
/// Retry-After. A request the console makes in-process arrives with its session's caller
/// already set (`GatewayContext.inProcess`); it skips the header but not the rate limit.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let keys: APIKeyRepository
    let limiter: KeyRateLimiter

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        var context = context
        if !(context.inProcess && context.caller != nil) {
            guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
                throw APIError(.invalidCredentials, "send the API key as 'Authorization: Bearer mk_…'")
            }
            let presented = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            let remote = context.remoteAddress
            context.caller = try await withSpan("authenticate") { _ in
                try await KeyAuthenticator(keys: keys).caller(presenting: presented, from: remote)
            }
        }
        guard let caller = context.caller else { throw APIError(.invalidCredentials, "authentication required") }
        context.trail.record(clientID: caller.clientID)
        if let wait = limiter.check(keyID: caller.keyID) {
            var refusal = APIError(.rateLimited, "this API key is over its rate limit; retry after \(wait) s")
            refusal.headers[.retryAfter] = String(wait)
            throw refusal
        }
        context.logger[metadataKey: "key"] = "\(caller.keyID)"
        return try await next(request, context)
    }
}
