import ArgumentParser
import Corridors
import Foundation

/// The CLI's way to the running service's admin API: `MEKONG_URL` (default
/// http://127.0.0.1:8080) and the key in `MEKONG_KEY`, over the project's libcurl transport.
struct AdminClient {
    let baseURL: String
    let key: String
    let transport = HTTPTransport()

    static func fromEnvironment() throws -> AdminClient {
        let environment = ProcessInfo.processInfo.environment
        guard let key = environment["MEKONG_KEY"], !key.isEmpty else {
            throw ValidationError("set MEKONG_KEY to an ops, treasury, compliance or admin key")
        }
        return AdminClient(baseURL: environment["MEKONG_URL"] ?? "http://127.0.0.1:8080", key: key)
    }

    /// Sends a request; returns the parsed JSON object, or throws the API's error message.
    func call(_ method: String, _ path: String, body: [String: Any]? = nil) async throws -> [String: Any] {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])) }
        return try await send(method, path, bytes: bytes, contentType: "application/json")
    }

    /// Every page of a cursor-paged list, as one `{"data": […], "has_more": false}`.
    func all(_ path: String) async throws -> [String: Any] {
        var rows: [Any] = []
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let page = try await call("GET", path + separator + "limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""))
            rows += page["data"] as? [Any] ?? []
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        return ["data": rows, "has_more": false, "next_cursor": NSNull()]
    }

    /// A GET whose answer is not JSON (a CSV report): the body as it came.
    func raw(_ method: String, _ path: String) async throws -> [UInt8] {
        let response = try await transport.send(
            OutboundRequest(
                method: method, url: baseURL + path, headers: [("Authorization", "Bearer \(key)")],
                body: nil, connectTimeoutMilliseconds: 3000, totalTimeoutMilliseconds: 30_000))
        guard (200..<300).contains(response.status) else { throw CLIFailure("\(response.status) \(String(decoding: response.body, as: UTF8.self))") }
        return response.body
    }

    /// A GET of another service's URL (the partner sandbox's), without this key.
    func fetch(_ url: String) async throws -> [UInt8] {
        let response = try await transport.send(
            OutboundRequest(method: "GET", url: url, headers: [], body: nil, connectTimeoutMilliseconds: 3000, totalTimeoutMilliseconds: 30_000))
        guard (200..<300).contains(response.status) else {
            throw CLIFailure("\(url): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return response.body
    }

    /// Sends a body as it is (a YAML or CSV upload), with its media type.
    func send(_ method: String, _ path: String, bytes: [UInt8]?, contentType: String) async throws -> [String: Any] {
        let response = try await transport.send(
            OutboundRequest(
                method: method, url: baseURL + path,
                headers: [("Authorization", "Bearer \(key)"), ("Content-Type", contentType)],
                body: bytes, connectTimeoutMilliseconds: 3000, totalTimeoutMilliseconds: 600_000))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        guard (200..<300).contains(response.status) else {
            let error = object["error"] as? [String: Any]
            throw CLIFailure(
                "\(response.status) \(error?["code"].map { "\($0) " } ?? "")\(error?["message"] as? String ?? String(decoding: response.body, as: UTF8.self))"
            )
        }
        return object
    }
}

/// A refusal from the service, printed as it came.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
