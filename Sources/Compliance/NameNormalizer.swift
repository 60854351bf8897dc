import Foundation

/// Turns a name into the tokens screening compares (case, accents and punctuation gone), and a
/// token into its sound key, where the common romanisations of one sound meet.
///
/// Folding: lower case; accents and other combining marks removed (Nguyễn → nguyen); the letters
/// that do not decompose mapped by hand (đ → d, ø → o, ß → ss, æ → ae, ł → l); every other
/// character that is not a letter or a digit separates tokens (Al-Rashid → al rashid, O'Brien
/// → o brien).
///
/// Sound keys, applied left to right, longest spelling first:
/// - Khmer and Thai aspirates and digraphs: chh, ch, tch → c; kh → k; ph → p; th → t;
///   gh → g; dh → d; bh → b; sh → s; nh → n (Vietnamese Thanh, Minh); ck → k.
/// - Chinese, pinyin against Wade–Giles: zh, j, q and ch all → c (Zhang, Chang); x and hs → s
///   (Xu, Hsu). But qu → k: Vietnamese Quang, Quoc are not pinyin.
/// - Vowels: ou, oo → u (Hun, Houn, Hoon); ee, ea, ie, ei, ey → i (Sreymom, Sreimom);
///   y → i (Chhay, Chhai); w → v (Wong, Vong).
/// - A doubled letter counts once (Mohammed, Mohamed), and a final h after a vowel is dropped
///   (Sokh, Sok).
public enum NameNormalizer {
    /// The name's tokens, folded (not yet sound keys).
    public static func tokens(_ name: String) -> [String] {
        var folded = ""
        for scalar in name.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .spacingMark { continue }
            if let mapped = letters[scalar] {
                folded += mapped
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                folded.unicodeScalars.append(scalar)
            } else {
                folded += " "
            }
        }
        return folded.split(separator: " ").map(String.init)
    }

    /// The letters that carry no combining mark to remove.
    static let letters: [Unicode.Scalar: String] = [
        "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th",
    ]

    /// The spellings that meet, longest first at each position.
    static let spellings: [(String, String)] = [
        ("tch", "c"), ("chh", "c"), ("ch", "c"), ("zh", "c"), ("kh", "k"), ("ph", "p"), ("th", "t"), ("gh", "g"), ("dh", "d"),
        ("bh", "b"), ("sh", "s"), ("hs", "s"), ("nh", "n"), ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ea", "i"),
        ("ie", "i"), ("ei", "i"), ("ey", "i"), ("qu", "k"), ("j", "c"), ("q", "c"), ("x", "s"), ("y", "i"), ("w", "v"),
    ]

    /// A folded token's sound key.
    public static func soundKey(_ token: String) -> String {
        let source = Array(token.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var index = 0
        outer: while index < source.count {
            for (spelling, sound) in spellingBytes where source.count - index >= spelling.count {
                if source[index..<index + spelling.count].elementsEqual(spelling) {
                    append(sound, to: &out)
                    index += spelling.count
                    continue outer
                }
            }
            append(source[index], to: &out)
            index += 1
        }
        if out.count > 2, out.last == UInt8(ascii: "h"), let before = out.dropLast().last, vowels.contains(before) { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    private static let spellingBytes: [([UInt8], UInt8)] = spellings.map { (Array($0.0.utf8), $0.1.utf8.first!) }
    private static let vowels: Set<UInt8> = Set("aeiou".utf8)

    /// Appends `byte` unless it repeats the last one.
    private static func append(_ byte: UInt8, to out: inout [UInt8]) {
        if out.last != byte { out.append(byte) }
    }
}
