import Foundation

/// Opaque, prefixed ids that sort by creation time: `pay_01JDX…`.
///
/// The body is 26 Crockford base32 characters: 48 bits of milliseconds since 1970, then
/// 80 random bits (the ULID layout), so string order is time order.
public enum Identifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public static func make(_ prefix: String, at instant: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let millis = UInt64(max(0, instant.timeIntervalSince1970 * 1000))
        var bytes = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { bytes[i] = UInt8((millis >> (8 * (5 - i))) & 0xFF) }
        for i in 6..<16 { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
        // 128 bits → 26 base32 characters (the first carries 3 bits).
        var value = (UInt128(bytes[0]) << 120)
        for i in 1..<16 { value |= UInt128(bytes[i]) << (8 * (15 - i)) }
        var out = [UInt8](repeating: 0, count: 26)
        for i in (0..<26).reversed() {
            out[i] = alphabet[Int(value & 0x1F)]
            value >>= 5
        }
        return prefix + "_" + String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` has the shape of an id with `prefix` (no database look-up).
    public static func isWellFormed(_ text: String, prefix: String) -> Bool {
        guard text.hasPrefix(prefix + "_") else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count + 1)
        return body.count == 26 && body.allSatisfy { alphabet.contains($0) }
    }
}
