import Foundation
import HTTPTypes
import Hummingbird
import MekongCore
import NIOCore
import Synchronization

/// The console's way to act: it calls the gateway's own API routes in-process, as the
/// session's caller, so every page reads and every form changes exactly what the API would,
/// through the same handlers, checks, role guards, rate limits and audit rows.
final class ConsoleAPI: Sendable {
    /// What an API route answered.
    struct Answer: Sendable {
        let status: Int
        let body: [UInt8]
        /// The body as JSON, when it is JSON.
        let json: ExactJSON?

        var succeeded: Bool { (200..<300).contains(status) }
        /// The API error's message, for a failed call (`{"error": {"code", "message"}}`).
        var errorMessage: String {
            guard let error = json?["error"] else { return "the gateway answered \(status)" }
            let code = error["code"].flatMap { if case .number(let n) = $0 { n } else { nil } }
            let message = error["message"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "the gateway answered \(status)"
            return code.map { "\(message) (\($0))" } ?? message
        }
    }

    private let responder = Mutex<RouterResponder<GatewayContext>?>(nil)
    /// The largest API answer the console reads.
    static let answerLimit = 8 << 20

    /// Set once the router has every route (the console is itself registered on it).
    func install(_ responder: RouterResponder<GatewayContext>) {
        self.responder.withLock { $0 = responder }
    }

    func call(
        _ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, contentType: String = "application/json",
        as caller: Caller, context: GatewayContext
    ) async throws -> Answer {
        guard let responder = responder.withLock({ $0 }) else { throw APIError(.internalError, "the console is not ready yet") }
        var fields = HTTPFields()
        fields[.accept] = "application/json"
        if body != nil { fields[.contentType] = contentType }
        let head = HTTPRequest(method: method, scheme: "http", authority: "console.internal", path: path, headerFields: fields)
        let request = Request(head: head, body: RequestBody(buffer: ByteBuffer(bytes: body ?? [])))
        var inner = context
        inner.caller = caller
        inner.inProcess = true
        let response = try await responder.respond(to: request, context: inner)
        let collector = ResponseCollector()
        try await response.body.write(collector.writer(limit: Self.answerLimit))
        let bytes = collector.collected
        let isJSON = response.headers[.contentType]?.hasPrefix("application/json") ?? false
        return Answer(status: Int(response.status.code), body: bytes, json: isJSON ? try? ExactJSON.parse(bytes) : nil)
    }
}
