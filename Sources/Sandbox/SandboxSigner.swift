import Crypto

/// How the sandbox, as a foreign partner, signs what it pushes to the gateway, written from the
/// documented scheme (README, "Inbound: foreign payers to Cambodian payees") and not from the gateway's own
/// `PartnerSignature`, so that a fault in the gateway's signing code cannot hide in tests:
///
///     X-Mekong-Timestamp: <unix seconds>
///     X-Mekong-Signature: v1=<lower-case hex of HMAC-SHA256(secret, "<timestamp>.<METHOD> <path>.<body>")>
struct SandboxSigner {
    static let timestampHeader = "X-Mekong-Timestamp"
    static let signatureHeader = "X-Mekong-Signature"

    let secret: String

    /// The two headers for a request signed at `timestamp`.
    func headers(timestamp: Int, method: String, path: String, body: [UInt8]) -> [(String, String)] {
        var message: [UInt8] = Array(String(timestamp).utf8)
        message.append(UInt8(ascii: "."))
        message += Array(method.utf8)
        message.append(UInt8(ascii: " "))
        message += Array(path.utf8)
        message.append(UInt8(ascii: "."))
        message += body
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in mac { hex += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return [(Self.timestampHeader, String(timestamp)), (Self.signatureHeader, "v1=" + String(decoding: hex, as: UTF8.self))]
    }
}
