import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MekongCore
import ServiceContextModule

/// The outermost middleware: gives every request an id and writes one access-log line for it.
///
/// - The id is the caller's `X-Request-Id` when it is well formed (1–128 of `A–Z a–z 0–9 . _ : -`),
///   else a new `req_…`; every response carries it in `X-Request-Id`, and error bodies in
///   `error.request_id`.
/// - Every line logged while the request is served carries the id too (`LogContext`).
/// - The line (`info`): method, path (never the query), status, duration, the client the key
///   authenticated as and the request id — never a key, a body or an account number.
struct AccessLog: RouterMiddleware {
    typealias Context = GatewayContext
    static let header = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        var context = context
        let id = Self.accepted(request.headers[Self.header]) ?? Identifier.make("req", at: Date())
        context.requestID = id
        let started = ContinuousClock.now
        do {
            // Lines logged while the request is served carry its id (LogContext).
            var response = try await ServiceContext.$current.withValue(LogContext.with(requestID: id)) { try await next(request, context) }
            response.headers[Self.header] = id
            log(request, status: Int(response.status.code), since: started, context: context)
            return response
        } catch {
            log(request, status: (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500, since: started, context: context)
            throw error
        }
    }

    /// A caller's request id, if it is one Mekong can echo safely.
    static func accepted(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || [0x2E, 0x5F, 0x3A, 0x2D].contains(byte)
            })
        else { return nil }
        return value
    }

    private func log(_ request: Request, status: Int, since started: ContinuousClock.Instant, context: GatewayContext) {
        let elapsed = ContinuousClock.now - started
        // Tenths of a millisecond, in integers (no floating point anywhere in the gateway).
        let tenths = elapsed.components.seconds * 10_000 + elapsed.components.attoseconds / 100_000_000_000_000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)",
                "ms": "\(tenths / 10).\(tenths % 10)", "client": "\(context.trail.clientID ?? "-")", "request_id": "\(context.requestID)",
            ])
    }
}
