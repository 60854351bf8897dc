import Foundation
import HTTPTypes
import Hummingbird

/// The W3C `traceparent` of each partner call the sandbox received, so a test or a demo can see
/// that the gateway's traces reach the partner: `GET /sandbox/traceparents` lists
/// `{"method", "path", "traceparent"}`, oldest first (the last 1,000).
actor SandboxTraceLog {
    struct Seen: Codable, Sendable {
        let method: String
        let path: String
        let traceparent: String
    }

    private var seen: [Seen] = []

    func record(_ entry: Seen) {
        seen.append(entry)
        if seen.count > 1000 { seen.removeFirst(seen.count - 1000) }
    }

    func all() -> [Seen] { seen }

    /// Records the calls that carry a `traceparent`, and serves the list.
    struct Middleware: RouterMiddleware {
        static let header = HTTPField.Name("traceparent")!
        let log: SandboxTraceLog

        func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws -> Response {
            if request.uri.path == "/sandbox/traceparents" {
                let data = try JSONEncoder().encode(["seen": await log.all()])
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
            if let traceparent = request.headers[Self.header] {
                await log.record(Seen(method: request.method.rawValue, path: request.uri.path, traceparent: traceparent))
            }
            return try await next(request, context)
        }
    }
}
