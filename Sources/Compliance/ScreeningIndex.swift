/// Every name of every entry of the lists in force, indexed by sound key, so a subject is
/// compared with the few entries that share sounds with it and not with the whole list.
///
/// Each token of each name is posted under its sound key, the key's first three letters and its
/// consonants' first three (a misspelt ending or an extra vowel still meets). A subject's candidates are the entries that share keys
/// with all its tokens, or with as many as the entry's shortest name of two tokens or more has
/// (with fewer, a token of the shorter name pairs with nothing and the score stays under 0.9),
/// and the entries with a name that is the subject's split differently (keys joined). A
/// one-token subject's candidates are only entries with a one-token name: a longer name cannot
/// reach a threshold above 0.875 against a single token. Only candidates are
/// scored (`ScreenedName.similarity`), adjusted by date of birth and country
/// (`ScreeningAdjustment`), and kept at or above the threshold.
public struct ScreeningIndex: Sendable {
    let entries: [SanctionsEntry]
    let names: [[ScreenedName]]
    /// Key → the entries posted under it, ascending, each once.
    let postings: [String: [Int32]]
    /// The entries with a name of a single token.
    let singleTokenEntries: Set<Int32>
    /// Per entry, the fewest tokens of its names of two tokens or more (0: it has none). A
    /// subject must meet that many of its tokens, or all of its own if it has fewer: below it,
    /// one token of the shorter name pairs with nothing and the score stays under 0.9.
    let fewestTokens: [UInt8]

    public var entryCount: Int { entries.count }

    public init(entries: [SanctionsEntry]) {
        self.entries = entries
        var names: [[ScreenedName]] = []
        var postings: [String: [Int32]] = [:]
        var single = Set<Int32>()
        var fewest: [UInt8] = []
        for (entryIndex, entry) in entries.enumerated() {
            let prepared = entry.names.map(ScreenedName.init)
            if prepared.contains(where: { $0.keys.count == 1 }) { single.insert(Int32(entryIndex)) }
            fewest.append(UInt8(min(255, prepared.map(\.keys.count).filter { $0 >= 2 }.min() ?? 0)))
            var keys = Set<String>()
            for name in prepared {
                keys.formUnion(name.keys.flatMap(Self.lookupKeys))
                if name.keys.count >= 2 { keys.insert(Self.joinedKey(name)) }
            }
            for key in keys { postings[key, default: []].append(Int32(entryIndex)) }
            names.append(prepared)
        }
        self.names = names
        self.postings = postings
        self.singleTokenEntries = single
        self.fewestTokens = fewest
    }

    /// The keys a token is posted and looked up under: the sound key, its first three letters
    /// (`*`) and its consonant skeleton's first three (`~`), each when there are three.
    static func lookupKeys(_ key: [UInt8]) -> [String] {
        var keys = [String(decoding: key, as: UTF8.self)]
        if key.count >= 3 { keys.append(String(decoding: key.prefix(3), as: UTF8.self) + "*") }
        let skeleton = ScreenedName.skeleton(key)
        if skeleton.count >= 3 { keys.append(String(decoding: skeleton.prefix(3), as: UTF8.self) + "~") }
        return keys
    }

    /// A name of two tokens or more, its keys joined: Wei Ming and Weiming meet under it.
    static func joinedKey(_ name: ScreenedName) -> String { "=" + String(decoding: name.joined, as: UTF8.self) }

    /// The entries `subject` may be, best first, scoring at least `threshold`.
    public func screen(_ subject: ScreeningSubject, threshold: Double) -> [ScreeningHit] {
        let name = ScreenedName(subject.name)
        guard !name.keys.isEmpty else { return [] }
        var hits: [ScreeningHit] = []
        for entryIndex in candidates(name) {
            if let hit = score(subject, name, entryIndex, threshold: threshold), hit.score >= threshold { hits.append(hit) }
        }
        return hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.entry.reference < $1.entry.reference }
    }

    /// What `screen` would find by scoring every entry: the yardstick the index is tested
    /// against, never used to screen.
    func scan(_ subject: ScreeningSubject, threshold: Double) -> [ScreeningHit] {
        let name = ScreenedName(subject.name)
        return entries.indices.compactMap { score(subject, name, $0) }.filter { $0.score >= threshold }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.entry.reference < $1.entry.reference }
    }

    /// The entries sharing keys with enough of the subject's tokens.
    func candidates(_ name: ScreenedName) -> [Int] {
        if name.keys.count == 1 {
            let found = Set(Self.lookupKeys(name.keys[0]).flatMap { postings[$0] ?? [] })
            return found.filter(singleTokenEntries.contains).map(Int.init)
        }
        // Per entry, a bit for each of the subject's first 16 tokens that met it.
        var met = [UInt16](repeating: 0, count: entries.count)
        var touched: [Int32] = []
        for (tokenIndex, key) in name.keys.prefix(16).enumerated() {
            let bit = UInt16(1) << UInt16(tokenIndex)
            for lookup in Self.lookupKeys(key) {
                guard let found = postings[lookup] else { continue }
                for entry in found where met[Int(entry)] & bit == 0 {
                    if met[Int(entry)] == 0 { touched.append(entry) }
                    met[Int(entry)] |= bit
                }
            }
        }
        let tokens = min(16, name.keys.count)
        var found = Set(
            touched.filter { entry in
                let fewest = Int(fewestTokens[Int(entry)])
                return fewest >= 2 && met[Int(entry)].nonzeroBitCount >= min(tokens, fewest)
            })
        found.formUnion(postings[Self.joinedKey(name)] ?? [])
        return found.map(Int.init)
    }

    /// The best of the entry's names against the subject, with the adjustments; nil when even
    /// the largest adjustment (+0.07) could not lift it to `threshold`.
    func score(_ subject: ScreeningSubject, _ name: ScreenedName, _ entryIndex: Int, threshold: Double = 0) -> ScreeningHit? {
        var best = 0.0
        var bestIndex = -1
        for (index, candidate) in names[entryIndex].enumerated() {
            let similarity = name.similarity(to: candidate)
            if similarity > best {
                best = similarity
                bestIndex = index
            }
        }
        guard best > 0, best + 0.07 >= threshold else { return nil }
        let entry = entries[entryIndex]
        let (adjusted, adjustments) = ScreeningAdjustment.apply(to: best, subject: subject, entry: entry)
        return ScreeningHit(
            entry: entry, matchedName: names[entryIndex][bestIndex].original, score: adjusted, nameScore: best, adjustments: adjustments)
    }
}
