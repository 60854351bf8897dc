import Crypto
import Foundation

/// Signing and verifying webhook deliveries.
///
/// Standard Webhooks 1.0: `webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`,
/// where the key is the base64 part of the `whsec_…` secret; during a secret rotation the
/// header carries one signature per secret, separated by spaces. The seeds' BakongPay header
/// is the hex HMAC-SHA256 of the raw body, keyed by the whole secret string.
public enum WebhookSignature {
    /// Verification refuses timestamps further than this from now.
    public static let tolerance: TimeInterval = 300

    /// A new secret: `whsec_` and 24 random bytes in base64.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }

    /// The HMAC key of a `whsec_…` secret (its base64 part decoded), or the raw bytes if it
    /// has no such form.
    static func key(of secret: String) -> SymmetricKey {
        let base = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        return SymmetricKey(data: Data(base64Encoded: base) ?? Data(secret.utf8))
    }

    /// One `v1,<base64>` signature.
    public static func sign(secret: String, id: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: key(of: secret))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header for all the secrets in force.
    public static func header(secrets: [String], id: String, timestamp: Int, body: [UInt8]) -> String {
        secrets.map { sign(secret: $0, id: id, timestamp: timestamp, body: body) }.joined(separator: " ")
    }

    /// The seeds' `X-BakongPay-Signature`: hex HMAC-SHA256 of the raw body keyed by the secret string.
    public static func bodyHex(secret: String, body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Verifies a delivery as a receiver would: any one `v1` signature in the header matching,
    /// and a timestamp within the tolerance of `now`.
    public static func verify(
        secret: String, id: String, timestampHeader: String, signatureHeader: String,
        body: [UInt8], now: Date
    ) -> Bool {
        guard let timestamp = Int(timestampHeader), abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= tolerance else { return false }
        let expected = Array(sign(secret: secret, id: id, timestamp: timestamp, body: body).utf8)
        return signatureHeader.split(separator: " ").contains { candidate in
            let presented = Array(candidate.utf8)
            return presented.count == expected.count && zip(presented, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
