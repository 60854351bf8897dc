import Hummingbird
import MekongCore
import Store

/// Answers 503 (4002) at once, with Retry-After, while `DatabaseWatch` finds PostgreSQL
/// unreachable, instead of letting the request wait for a connection.
struct DatabaseGuard: RouterMiddleware {
    typealias Context = GatewayContext
    let watch: DatabaseWatch

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard watch.isReachable || request.uri.path == "/healthz" else {
            var refusal = APIError(.storeUnavailable, "the database is unavailable; retry shortly")
            refusal.headers[.retryAfter] = "1"
            throw refusal
        }
        return try await next(request, context)
    }
}
