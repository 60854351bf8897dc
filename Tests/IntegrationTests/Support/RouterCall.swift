import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// One call through HummingbirdTesting's router client, as an app makes it over HTTP: a
/// bearer key, a JSON body, the answer's status, JSON and headers.
struct RouterReply {
    let status: HTTPResponse.Status
    let json: [String: Any]
    let headers: HTTPFields

    var errorCode: Int? { (json["error"] as? [String: Any])?["code"] as? Int }
}

extension TestClientProtocol {
    func call(_ method: HTTPRequest.Method, _ uri: String, key: String, body: String? = nil,
              headers extra: [(String, String)] = []) async throws -> RouterReply {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if body != nil { headers[.contentType] = "application/json" }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
            return RouterReply(status: response.status, json: json, headers: response.headers)
        }
    }
}
