import Corridors
import Foundation

/// Real HTTP to a running gateway or sandbox, over the project's libcurl transport.
struct TestClient: Sendable {
    static let transport = HTTPTransport()

    let baseURL: String
    let key: String?

    struct Reply: Sendable {
        let status: Int
        let body: [UInt8]
        let headers: [(name: String, value: String)]

        /// The body as a JSON object (empty when it is not one).
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The error object of an error reply.
        var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
        var errorCode: Int? { error["code"] as? Int }
        /// A header's value (names compared without case).
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    func request(_ method: String, _ path: String, body: String? = nil, headers: [(String, String)] = []) async throws -> Reply {
        try await request(method, path, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    /// A request whose body is any bytes (not necessarily valid UTF-8).
    func request(_ method: String, _ path: String, bytes: [UInt8]?, headers: [(String, String)] = []) async throws -> Reply {
        var all = headers.map { (name: $0.0, value: $0.1) }
        if let key { all.append((name: "Authorization", value: "Bearer \(key)")) }
        if bytes != nil, !all.contains(where: { $0.name.lowercased() == "content-type" }) {
            all.append((name: "Content-Type", value: "application/json"))
        }
        let response = try await Self.transport.send(
            OutboundRequest(
                method: method, url: baseURL + path, headers: all, body: bytes,
                connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 20_000))
        return Reply(status: response.status, body: response.body, headers: response.headers)
    }

    func get(_ path: String) async throws -> Reply { try await request("GET", path) }

    func post(_ path: String, _ body: String, idempotencyKey: String? = nil) async throws -> Reply {
        try await request("POST", path, body: body, headers: idempotencyKey.map { [("Idempotency-Key", $0)] } ?? [])
    }
}
