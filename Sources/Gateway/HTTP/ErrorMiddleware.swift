import Foundation
public import Hummingbird
import Logging
import MekongCore
import NIOCore
import Store

/// Turns every error into the documented JSON shape, so no caller ever sees a bare 500 or
/// Hummingbird's own error text. A `MekongError` is answered as thrown (its code, rule and
/// advice); unknown errors are logged and answered 4000; a database that cannot be reached is
/// answered 4002 (503).
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as MekongError {
            // A domain refusal that reached the edge as it was thrown: the same shape as an APIError.
            return try APIError(error).response(from: request, context: context)
        } catch let error as HTTPError {
            let mapped: APIError =
                switch error.status.code {
                case 404: APIError(.notFound, "no route for \(request.method) \(request.uri.path)")
                case 405: APIError(.invalidRequest, "method \(request.method) is not allowed on \(request.uri.path)")
                case 413: APIError(.payloadTooLarge, "the request body is larger than \(context.maxUploadSize) bytes")
                case 400..<500: APIError(.invalidRequest, error.body ?? "bad request")
                default: APIError(.internalError, "internal error")
                }
            return try mapped.response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try APIError(.payloadTooLarge, "the request body is larger than \(context.maxUploadSize) bytes")
                .response(from: request, context: context)
        } catch let error as GroupCommitOverloaded {
            context.logger.warning("shedding load", metadata: ["error": "\(error)"])
            var mapped = APIError(.rateLimited, "the gateway is at capacity; retry after a second")
            mapped.headers[.retryAfter] = "1"
            return try mapped.response(from: request, context: context)
        } catch  where StoreError.isUnavailable(error) {
            context.logger.error("database unavailable", metadata: ["error": "\(error)"])
            var mapped = APIError(.storeUnavailable, "the database is unavailable; retry shortly")
            mapped.headers[.retryAfter] = "1"
            return try mapped.response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return try APIError(.internalError, "internal error").response(from: request, context: context)
        }
    }
}
