import Crypto
public import Foundation
import MekongCore
public import Store

/// Makes API keys and checks their shape.
///
/// A key is `mk_live_` or `mk_test_`, 32 random base62 characters, then a 6-character
/// base62 CRC-32 checksum of what precedes it, so a mistyped key is refused without a
/// database look-up and a leaked key is recognisable by secret scanners. Only its SHA-256
/// is stored, with the first 12 characters as a prefix to tell keys apart.
public enum APIKeyMaker {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    public struct Made: Sendable {
        /// The key itself: shown once, never stored.
        public let plaintext: String
        public let record: APIKeyRecord
        public let secretHash: Data
    }

    public static func make(
        role: String, name: String, clientID: String?, environment: String = "test",
        permissions: [String] = [], validFor: TimeInterval? = 90 * 86_400, allowedIPs: [String] = [],
        now: Date = Date()
    ) -> Made {
        var generator = SystemRandomNumberGenerator()
        let body = String(decoding: (0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }, as: UTF8.self)
        let head = "mk_\(environment)_" + body
        let plaintext = head + checksum(head)
        let record = APIKeyRecord(
            id: Identifier.make("key", at: now), clientID: clientID ?? Identifier.make("cli", at: now), role: role, name: name,
            prefix: String(plaintext.prefix(12)), permissions: permissions, createdAt: now,
            expiresAt: validFor.map { now.addingTimeInterval($0) }, revokedAt: nil, allowedIPs: allowedIPs
        )
        return Made(plaintext: plaintext, record: record, secretHash: hash(plaintext))
    }

    /// Whether `key` has the right prefix, length and checksum.
    public static func isWellFormed(_ key: String) -> Bool {
        guard key.hasPrefix("mk_live_") || key.hasPrefix("mk_test_"), key.utf8.count == 8 + 32 + 6 else { return false }
        let head = String(key.prefix(8 + 32))
        return checksum(head) == String(key.suffix(6))
    }

    public static func hash(_ key: String) -> Data { Data(SHA256.hash(data: Data(key.utf8))) }

    static func checksum(_ text: String) -> String {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in text.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        var value = UInt64(~crc)
        var out = [UInt8](repeating: alphabet[0], count: 6)
        for i in (0..<6).reversed() {
            out[i] = alphabet[Int(value % 62)]
            value /= 62
        }
        return String(decoding: out, as: UTF8.self)
    }
}
