import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// One call through HummingbirdTesting's router client, as an app makes it over HTTP: a
/// bearer key (none for an anonymous caller), a body, the answer's status, JSON and headers.
struct RouterReply {
    let status: HTTPResponse.Status
    let json: [String: Any]
    let headers: HTTPFields
    let text: String

    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }
    var errorCode: Int? { error["code"] as? Int }
}

extension TestClientProtocol {
    func call(
        _ method: HTTPRequest.Method, _ uri: String, key: String?, body: String? = nil,
        headers: [(String, String)] = []
    ) async throws -> RouterReply {
        try await call(method, uri, key: key, bytes: body.map { Array($0.utf8) }, headers: headers)
    }

    func call(
        _ method: HTTPRequest.Method, _ uri: String, key: String?, bytes: [UInt8]?, contentType: String = "application/json",
        headers extra: [(String, String)] = []
    ) async throws -> RouterReply {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if bytes != nil { headers[.contentType] = contentType }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return try await execute(uri: uri, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }) { response in
            let data = Data(response.body.readableBytesView)
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return RouterReply(status: response.status, json: json, headers: response.headers, text: String(decoding: data, as: UTF8.self))
        }
    }
}
