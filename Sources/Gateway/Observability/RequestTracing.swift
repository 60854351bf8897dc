import Hummingbird
import Tracing

/// Hummingbird's `TracingMiddleware` (a server span per request, continuing the caller's W3C
/// `traceparent`, recording `X-Request-Id`), except for probes and scrapes — `/healthz`,
/// `/readyz` and `/metrics` — which a load balancer and Prometheus call every few seconds and
/// which would otherwise be most of the spans. Added only when tracing is on.
struct RequestTracing: RouterMiddleware {
    typealias Context = GatewayContext
    static let untraced: Set<String> = ["/healthz", "/readyz", "/metrics"]
    let tracing = TracingMiddleware<GatewayContext>(recordingHeaders: [AccessLog.header])

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        if Self.untraced.contains(request.uri.path) { return try await next(request, context) }
        return try await tracing.handle(request, context: context, next: next)
    }
}
