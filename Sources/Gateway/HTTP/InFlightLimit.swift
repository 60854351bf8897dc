import Hummingbird
import MekongCore
import Synchronization

/// Sheds load: once `limit` requests are being served, the next gets 429 (1004) with
/// Retry-After at once, before it reads a body or touches PostgreSQL. Under an offered load
/// above what the machine carries, answers stay fast and memory flat (the open-loop benchmark
/// at 2,500 payments/s grew the gateway to 400–650 MB without it); a refused request did
/// nothing, so the client retries it with the same Idempotency-Key. `server.max_in_flight`.
/// Health checks are never refused.
final class InFlightLimit: RouterMiddleware, Sendable {
    typealias Context = GatewayContext
    let limit: Int
    private let serving = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/healthz" || path == "/readyz" { return try await next(request, context) }
        guard serving.add(1, ordering: .relaxed).newValue <= limit else {
            serving.subtract(1, ordering: .relaxed)
            var refusal = APIError(.rateLimited, "the gateway is serving \(limit) requests; retry after a second")
            refusal.headers[.retryAfter] = "1"
            throw refusal
        }
        defer { serving.subtract(1, ordering: .relaxed) }
        return try await next(request, context)
    }
}
