/// Jaro–Winkler similarity of two strings' bytes, from 0 (nothing in common) to 1 (equal).
///
/// Jaro counts the characters the two share within a window of half the longer length, and
/// the transpositions among them; Winkler adds weight for a common prefix of up to 4
/// characters (scale 0.1), since names differ less at their start. The matched flags are bit
/// masks, so nothing is allocated; words longer than 64 bytes are compared on their first 64.
public enum JaroWinkler {
    public static func similarity(_ a: String, _ b: String) -> Double {
        similarity(Array(a.utf8), Array(b.utf8))
    }

    public static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? 1 : 0 }
        if a == b { return 1 }
        guard a.count <= 64, b.count <= 64 else { return similarity(Array(a.prefix(64)), Array(b.prefix(64))) }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var aMatched: UInt64 = 0
        var bMatched: UInt64 = 0
        var matches = 0
        for i in 0..<a.count {
            let low = max(0, i - window)
            let high = min(b.count - 1, i + window)
            if low > high { continue }
            for j in low...high where bMatched & (1 << UInt64(j)) == 0 && a[i] == b[j] {
                aMatched |= 1 << UInt64(i)
                bMatched |= 1 << UInt64(j)
                matches += 1
                break
            }
        }
        if matches == 0 { return 0 }
        var transpositions = 0
        var j = 0
        for i in 0..<a.count where aMatched & (1 << UInt64(i)) != 0 {
            while bMatched & (1 << UInt64(j)) == 0 { j += 1 }
            if a[i] != b[j] { transpositions += 1 }
            j += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions) / 2) / m) / 3
        var prefix = 0
        while prefix < min(4, a.count, b.count) && a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
