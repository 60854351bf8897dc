import Hummingbird
import MekongCore

/// Turns a `ConsoleFailure` (and an `APIError` raised before a page ran, such as 413) into
/// the console's error page, so staff see HTML, never the API's JSON.
struct ConsolePageMiddleware: RouterMiddleware {
    typealias Context = GatewayContext
    let desk: ConsoleBackend

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as ConsoleFailure {
            return page(failure.status, failure.message, request: request, context: context)
        } catch let error as APIError {
            return page(Int(error.status.code), error.error.message, request: request, context: context)
        } catch let error as HTTPError {
            return page(Int(error.status.code), error.body ?? "the request could not be handled", request: request, context: context)
        }
    }

    private func page(_ status: Int, _ message: String, request: Request, context: GatewayContext) -> Response {
        desk.page(
            "error", title: "Error", data: ["status": status, "message": message], request: request, context: context,
            status: HTTPResponse.Status(code: status))
    }
}
