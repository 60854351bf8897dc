import Corridors
import Foundation

/// The Bakong Open API's KHQR look-ups (`check_transaction_by_md5`, `…_list`) at the
/// participating bank, over the project's libcurl transport.
struct BakongTransactions: Sendable {
    let baseURL: String
    let transport: HTTPTransport
    let timeoutMilliseconds: Int

    /// A payment Bakong has for a code.
    struct Found: Sendable {
        let md5: String
        let hash: String
        let fromAccount: String?
    }

    /// Looks up to 50 codes up; returns those paid. Throws when Bakong gives no usable answer.
    func paid(md5s: [String]) async throws -> [Found] {
        guard !md5s.isEmpty else { return [] }
        let response = try await transport.send(
            OutboundRequest(
                method: "POST", url: baseURL + "/v1/check_transaction_by_md5_list", headers: [("Content-Type", "application/json")],
                body: Array(try JSONSerialization.data(withJSONObject: md5s)), connectTimeoutMilliseconds: 2000,
                totalTimeoutMilliseconds: timeoutMilliseconds))
        guard response.status == 200, let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
            (object["responseCode"] as? NSNumber)?.intValue == 0, let items = object["data"] as? [[String: Any]]
        else {
            throw LookupFailure(description: "Bakong answered HTTP \(response.status) without a usable list")
        }
        return items.compactMap { item in
            guard item["status"] as? String == "SUCCESS", let md5 = item["md5"] as? String,
                let data = item["data"] as? [String: Any], let hash = data["hash"] as? String
            else { return nil }
            return Found(md5: md5, hash: hash, fromAccount: data["fromAccountId"] as? String)
        }
    }

    struct LookupFailure: Error, CustomStringConvertible { let description: String }
}
