import Foundation
import Hummingbird
import MekongCore

/// Refuses a request whose path or query carries a NUL character (`%00`) with 400: no
/// identifier or filter Mekong knows contains one, and PostgreSQL cannot store one in text.
struct NULGuard: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard !request.uri.description.localizedCaseInsensitiveContains("%00") else {
            throw APIError(.invalidRequest, "the URL must not contain NUL characters (%00)")
        }
        return try await next(request, context)
    }
}
