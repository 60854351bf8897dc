/// A large list of made-up entries for benchmarks and scale tests, the same for the same seed:
/// half the family names and three in ten given names from a short stock of common Khmer, Thai,
/// Vietnamese, Chinese and Arabic romanised names (so a few words are on thousands of entries,
/// as Mohammed and Nguyen are on real lists), the rest made of two syllables (a long tail of
/// rare words); with aliases, dates of birth and countries.
public enum SyntheticSanctionsList {
    static let given = [
        "sophal", "dara", "visal", "bopha", "sreymom", "vannak", "chanthou", "rithy", "somchai", "niran", "kittisak", "anong",
        "thanh", "minh", "huong", "quang", "wei", "ming", "jian", "xiaoling", "mohammed", "yusuf", "omar", "fatima", "ahmad",
        "karim", "layla", "hassan", "sokha", "pisey", "malis", "narong", "somsak", "lan", "tuan", "hai", "li", "na", "jun",
    ]
    static let family = [
        "chhay", "sok", "keo", "chan", "houn", "meas", "pich", "srisuwan", "wongsakul", "chaiyaporn", "saelim", "nguyen", "tran",
        "le", "pham", "hoang", "zhang", "wang", "liu", "chen", "huang", "al rashid", "al amin", "haddad", "nasser", "khalil",
        "sayavong", "phommachanh", "vongsa", "lim", "tan", "ong",
    ]
    static let countries = ["KH", "TH", "VN", "CN", "LA", "MY", "IQ", "SY", "IR", "MM"]
    /// Syllables that make the long tail: most names on a real list are rare.
    static let syllables = [
        "so", "phal", "vi", "sal", "bo", "pha", "rith", "ka", "nya", "mon", "chan", "thou", "sam", "bath", "ra", "vy", "kim", "leng",
        "pon", "lork", "ma", "lis", "sou", "vann", "nak", "tep", "da", "ny", "heng", "chea", "pov", "thea", "seng", "hak", "lay", "mao",
        "khie", "ng", "suon", "ret",
    ]

    /// `count` entries, references `SYN-1` to `SYN-<count>`.
    public static func make(count: Int, seed: UInt64 = 42) -> [SanctionsEntry] {
        var generator = SplitMix(state: seed)
        return (1...max(1, count)).map { number in
            let familyName = generator.next(below: 2) == 0 ? family[generator.next(below: family.count)] : rare(&generator)
            let first = generator.next(below: 10) < 3 ? given[generator.next(below: given.count)] : rare(&generator)
            let second = generator.next(below: 3) == 0 ? " " + rare(&generator) : ""
            let name = "\(familyName) \(first)\(second)"
            var names = [name]
            if generator.next(below: 2) == 0 { names.append("\(first)\(second) \(familyName)") }
            if generator.next(below: 4) == 0 { names.append("\(familyName) \(given[generator.next(below: given.count)])") }
            let year = 1940 + generator.next(below: 60)
            let month = 1 + generator.next(below: 12)
            let day = 1 + generator.next(below: 28)
            let born = generator.next(below: 3) == 0 ? "\(year)" : "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            return SanctionsEntry(
                reference: "SYN-\(number)", kind: generator.next(below: 10) == 0 ? .entity : .individual, names: names,
                datesOfBirth: [born], countries: [countries[generator.next(below: countries.count)]], program: "synthetic")
        }
    }

    /// A name word from two syllables: 1,600 of them, each rare.
    static func rare(_ generator: inout SplitMix) -> String {
        syllables[generator.next(below: syllables.count)] + syllables[generator.next(below: syllables.count)]
    }

    /// SplitMix64: a small deterministic generator.
    struct SplitMix {
        var state: UInt64

        mutating func next(below bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }
}
