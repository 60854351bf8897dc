/// Every name of every entry of the lists in force, indexed by sound key, so a subject is
/// compared with the few entries that share sounds with it and not with the whole list.
///
/// Each token of each name is posted under its sound key, the key's first three letters, its
/// consonants' first three, and its first and last letters (a misspelt ending, an extra vowel
/// or an extra letter still meets). A subject's
/// candidates are the entries that share keys with at least two of its tokens, or whose name
/// is the subject's split differently (its keys joined; one, for a one-token subject, whose candidates are then only entries with a one-token name: a longer
/// name cannot reach a threshold above 0.875 against a single token). Only candidates are
/// scored (`ScreenedName.similarity`), adjusted by date of birth and country
/// (`ScreeningAdjustment`), and kept at or above the threshold.
public struct ScreeningIndex: Sendable {
    let entries: [SanctionsEntry]
    let names: [[ScreenedName]]
    /// Key → the entries posted under it, ascending, each once.
    let postings: [String: [Int32]]
    /// The entries with a name of a single token.
    let singleTokenEntries: Set<Int32>

    public var entryCount: Int { entries.count }

    public init(entries: [SanctionsEntry]) {
        self.entries = entries
        var names: [[ScreenedName]] = []
        var postings: [String: [Int32]] = [:]
        var single = Set<Int32>()
        for (entryIndex, entry) in entries.enumerated() {
            let prepared = entry.names.map(ScreenedName.init)
            if prepared.contains(where: { $0.keys.count == 1 }) { single.insert(Int32(entryIndex)) }
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
    }

    /// The keys a token is posted and looked up under: the sound key, its first three letters
    /// (`*`), its consonant skeleton's first three (`~`), each when there are three, and its
    /// first and last letters (`t^n`: Tran and Tan, Quang and Qang).
    static func lookupKeys(_ key: [UInt8]) -> [String] {
        var keys = [String(decoding: key, as: UTF8.self)]
        if key.count >= 3 { keys.append(String(decoding: key.prefix(3), as: UTF8.self) + "*") }
        let skeleton = ScreenedName.skeleton(key)
        if skeleton.count >= 3 { keys.append(String(decoding: skeleton.prefix(3), as: UTF8.self) + "~") }
        if key.count >= 3, let first = key.first, let last = key.last {
            keys.append(String(decoding: [first, UInt8(ascii: "^"), last], as: UTF8.self))
        }
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
            if let hit = score(subject, name, entryIndex), hit.score >= threshold { hits.append(hit) }
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
        var tokensMet = [UInt8](repeating: 0, count: entries.count)
        var lastToken = [Int32](repeating: -1, count: entries.count)
        var touched: [Int32] = []
        for (tokenIndex, key) in name.keys.enumerated() {
            for lookup in Self.lookupKeys(key) {
                guard let found = postings[lookup] else { continue }
                for entry in found where lastToken[Int(entry)] != Int32(tokenIndex) {
                    lastToken[Int(entry)] = Int32(tokenIndex)
                    if tokensMet[Int(entry)] == 0 { touched.append(entry) }
                    tokensMet[Int(entry)] &+= 1
                }
            }
        }
        let needed = UInt8(min(255, max(2, name.keys.count / 2)))
        var found = Set(touched.filter { tokensMet[Int($0)] >= needed })
        found.formUnion(postings[Self.joinedKey(name)] ?? [])
        return found.map(Int.init)
    }

    /// The best of the entry's names against the subject, with the adjustments.
    func score(_ subject: ScreeningSubject, _ name: ScreenedName, _ entryIndex: Int) -> ScreeningHit? {
        let entry = entries[entryIndex]
        var best = 0.0
        var bestName = ""
        for candidate in names[entryIndex] {
            let similarity = name.similarity(to: candidate)
            if similarity > best {
                best = similarity
                bestName = candidate.original
            }
        }
        guard best > 0 else { return nil }
        let (adjusted, adjustments) = ScreeningAdjustment.apply(to: best, subject: subject, entry: entry)
        return ScreeningHit(entry: entry, matchedName: bestName, score: adjusted, nameScore: best, adjustments: adjustments)
    }
}
