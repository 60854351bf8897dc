import Foundation
import MekongCore

/// Scrubs partner exchanges before they are logged: account numbers keep their last four
/// characters, and secrets (tokens, client secrets, authorization headers) are removed.
/// A string is an account number when its key is one of `accountKeys` or names an account in
/// the partner's own words (`creditorAccount`, `debtorAccount`, `toAccountId`, ISO 20022's
/// `AcctId`…): any key containing "account" or "acct", in any case.
public enum Redaction {
    /// JSON keys whose string values are account numbers.
    public static let accountKeys: Set<String> = ["account", "account_number", "proxy_value", "payer_account", "beneficiary_account"]
    /// JSON keys whose values are secrets.
    public static let secretKeys: Set<String> = ["access_token", "client_secret", "token", "secret", "password"]

    /// Redacts a JSON body; a body that is not JSON is replaced by its length.
    public static func redactJSON(_ body: [UInt8]) -> String {
        guard !body.isEmpty else { return "" }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return "<\(body.count) bytes, not JSON>"
        }
        return RedactedJSONWriter.write(scrub(object, key: nil)) ?? "<\(body.count) bytes>"
    }

    /// Redacts a header value if the header carries credentials.
    public static func redactHeader(name: String, value: String) -> String {
        switch name.lowercased() {
        case "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key": "<redacted>"
        default: value
        }
    }

    static func isAccount(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return accountKeys.contains(key) || lowered.contains("account") || lowered.contains("acct")
    }

    private static func scrub(_ value: Any, key: String?) -> Any {
        if let dictionary = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, v) in dictionary { out[k] = scrub(v, key: k) }
            return out
        }
        if let array = value as? [Any] { return array.map { scrub($0, key: key) } }
        if let key, let text = value as? String {
            if secretKeys.contains(key) { return "<redacted>" }
            if isAccount(key) { return AccountMask.mask(text) }
        }
        return value
    }
}
