import Foundation
import HTTPTypes
import Hummingbird
import MekongCore

/// CORS on the seed-compatible KHQR API (`/api/v1/…`), so that a merchant's web page on
/// another origin can call it as seed 002's React example does. Only origins listed in
/// `khqr.cors_allowed_origins` get the headers (`*` allows any); other origins, and every
/// other route, get none, so browsers keep blocking them.
///
/// A preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered here, before
/// authentication, since browsers send it without the `Authorization` header: 204 with the
/// allowed methods and headers for a listed origin, 403 in the error shape otherwise.
struct KHQRCrossOrigin: RouterMiddleware {
    typealias Context = GatewayContext

    static let prefix = "/api/v1/"
    static let methods = "GET, POST, DELETE, OPTIONS"
    static let headers = "Authorization, Content-Type, Idempotency-Key, X-Request-Id"
    static let exposed = "X-Request-Id, Idempotent-Replayed, Retry-After"

    let allowedOrigins: [String]

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(Self.prefix) else { return try await next(request, context) }
        let origin = request.headers[.origin]
        let allowed = origin.flatMap { allow($0) }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard let allowed else {
                throw APIError(
                    MekongError(
                        .forbidden, "the origin '\(origin ?? "")' may not call the KHQR API from a browser",
                        advice: "Add the origin to khqr.cors_allowed_origins"))
            }
            var fields = HTTPFields()
            fields[.accessControlAllowOrigin] = allowed
            fields[.accessControlAllowMethods] = Self.methods
            fields[.accessControlAllowHeaders] = Self.headers
            fields[.accessControlMaxAge] = "600"
            fields[.vary] = "Origin"
            return Response(status: .noContent, headers: fields)
        }
        guard let allowed else { return try await next(request, context) }
        // Errors too carry the headers, or the page could not read why it was refused.
        var response: Response
        do { response = try await next(request, context) } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.accessControlAllowOrigin] = allowed
        response.headers[.accessControlExposeHeaders] = Self.exposed
        response.headers[.vary] = "Origin"
        return response
    }

    /// The `Access-Control-Allow-Origin` value for `origin`, or nil if it is not listed.
    func allow(_ origin: String) -> String? {
        if allowedOrigins.contains("*") { return "*" }
        return allowedOrigins.contains(origin) ? origin : nil
    }
}
