/// A name made ready for comparison once: the sound keys of its folded tokens, and their
/// consonant skeletons.
struct ScreenedName: Sendable {
    let original: String
    let keys: [[UInt8]]
    let skeletons: [[UInt8]]
    /// The sound keys joined in their order, without spaces (Wei-ming and Weiming meet).
    let joined: [UInt8]

    init(_ name: String) {
        original = name
        keys = NameNormalizer.tokens(name).map { Array(NameNormalizer.soundKey($0).utf8) }
        skeletons = keys.map(Self.skeleton)
        joined = Array(keys.joined())
    }

    /// The first letter, then the consonants: vowels are where romanisations of Arabic and
    /// Khmer names differ most (Mohammed, Muhammad → mhmd).
    static func skeleton(_ key: [UInt8]) -> [UInt8] {
        guard let first = key.first else { return [] }
        return [first] + key.dropFirst().filter { !"aeiou".utf8.contains($0) }
    }

    /// One token against another: Jaro–Winkler of the sound keys, or 0.93 when the consonant
    /// skeletons (3 letters or more) are equal. Below 0.88 a token counts half: two names that
    /// share one token and differ in the other (Chan Sophal, Chhay Sophal) stay apart.
    static func tokenSimilarity(_ a: [UInt8], _ aSkeleton: [UInt8], _ b: [UInt8], _ bSkeleton: [UInt8]) -> Double {
        var score = JaroWinkler.similarity(a, b)
        if score < 0.93, aSkeleton.count >= 3, aSkeleton == bSkeleton { score = 0.93 }
        return score >= 0.88 ? score : score / 2
    }

    /// How alike two names are, 0 to 1: each token of the shorter name against its best
    /// partner in the longer one, averaged (weight 0.75), plus the share of the longer name's
    /// tokens the shorter one has (weight 0.25), so a missing middle name costs a little and a
    /// lone shared token cannot match. Names of two tokens or more that are the same when their
    /// keys are joined, split differently (Wei Ming, Weiming), score 0.98.
    func similarity(to other: ScreenedName) -> Double {
        guard !keys.isEmpty, !other.keys.isEmpty else { return 0 }
        let (short, long) = keys.count <= other.keys.count ? (self, other) : (other, self)
        // Which of the longer name's tokens are paired (the first 64; a longer name's rest stay free).
        var used: UInt64 = 0
        var total = 0.0
        for (index, token) in short.keys.enumerated() {
            var best = 0.0
            var bestIndex = -1
            for (candidateIndex, candidate) in long.keys.enumerated() where candidateIndex >= 64 || used & (1 << UInt64(candidateIndex)) == 0 {
                let score = Self.tokenSimilarity(token, short.skeletons[index], candidate, long.skeletons[candidateIndex])
                if score > best {
                    best = score
                    bestIndex = candidateIndex
                }
            }
            if bestIndex >= 0, bestIndex < 64 { used |= 1 << UInt64(bestIndex) }
            total += best
        }
        let tokenwise = 0.75 * total / Double(short.keys.count) + 0.25 * Double(short.keys.count) / Double(long.keys.count)
        guard keys.count != other.keys.count, min(keys.count, other.keys.count) >= 2, joined == other.joined else { return tokenwise }
        return max(tokenwise, 0.98)
    }
}
