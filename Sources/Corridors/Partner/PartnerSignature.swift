import Crypto
import Foundation

/// How partners sign what they push to Mekong (inbound credits, status look-ups):
///
///     X-Mekong-Timestamp: <unix seconds>
///     X-Mekong-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<METHOD> <path>.<body>")>
///
/// A signature more than `tolerance` seconds from Mekong's clock is refused, so a captured
/// request cannot be replayed later.
public enum PartnerSignature {
    public static let timestampHeader = "X-Mekong-Timestamp"
    public static let signatureHeader = "X-Mekong-Signature"
    public static let tolerance: TimeInterval = 300

    public static func sign(secret: String, timestamp: Int, method: String, path: String, body: [UInt8]) -> String {
        var message = Data("\(timestamp).\(method) \(path).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether the headers carry a valid, fresh signature of this request.
    public static func verify(
        secret: String, timestampHeader: String?, signatureHeader: String?, method: String,
        path: String, body: [UInt8], now: Date
    ) -> Bool {
        guard let timestampHeader, let timestamp = Int(timestampHeader), let signatureHeader else { return false }
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { return false }
        let expected = Array(sign(secret: secret, timestamp: timestamp, method: method, path: path, body: body).utf8)
        let presented = Array(signatureHeader.utf8)
        guard expected.count == presented.count else { return false }
        return zip(expected, presented).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
