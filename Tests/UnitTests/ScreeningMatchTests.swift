import Foundation
import Testing

@testable import Compliance

@Suite("Screening: normalisation, Jaro–Winkler and the name score")
struct ScreeningMatchTests {
    @Test("Jaro–Winkler gives the published values")
    func jaroWinkler() {
        #expect(abs(JaroWinkler.similarity("MARTHA", "MARHTA") - 0.9611) < 0.0001)
        #expect(abs(JaroWinkler.similarity("DWAYNE", "DUANE") - 0.84) < 0.0001)
        #expect(abs(JaroWinkler.similarity("DIXON", "DICKSONX") - 0.8133) < 0.0001)
        #expect(JaroWinkler.similarity("ABC", "XYZ") == 0)
        #expect(JaroWinkler.similarity("", "") == 1 && JaroWinkler.similarity("A", "") == 0)
    }

    @Test(
        "names fold to the same tokens whatever their case, accents and punctuation",
        arguments: [
            ("Nguyễn Văn Đức", ["nguyen", "van", "duc"]),
            ("AL-RASHID, Mohammed", ["al", "rashid", "mohammed"]),
            ("  O'Brien  Seán ", ["o", "brien", "sean"]),
            ("Søren Łukasz Straße", ["soren", "lukasz", "strasse"]),
        ])
    func folding(name: String, tokens: [String]) {
        #expect(NameNormalizer.tokens(name) == tokens)
    }

    @Test(
        "the romanisations of one sound share a key",
        arguments: [
            ["chhay", "chay", "chai", "jai"], ["zhang", "chang", "jang"], ["xu", "hsu"], ["sokh", "sok"], ["mohammed", "mohamed"],
            ["thanh", "tan", "than"], ["houn", "hun", "hoon"], ["wong", "vong"], ["sophal", "sopal"], ["sreymom", "sreimom"],
        ])
    func soundKeys(spellings: [String]) {
        let keys = Set(spellings.map(NameNormalizer.soundKey))
        #expect(keys.count == 1, "\(spellings) → \(keys)")
    }

    static let index = ScreeningIndex(entries: [
        SanctionsEntry(reference: "A", kind: .individual, names: ["Chhay Sophal", "Sophal Chay"], datesOfBirth: ["1971-06-02"], countries: ["KH"]),
        SanctionsEntry(reference: "B", kind: .individual, names: ["Zhang Weiming", "Chang Wei-ming"], datesOfBirth: ["1966"], countries: ["CN"]),
        SanctionsEntry(reference: "C", kind: .individual, names: ["Nguyễn Văn Thành"], datesOfBirth: ["1980-11-20"], countries: ["VN"]),
        SanctionsEntry(reference: "D", kind: .individual, names: ["AL-RASHID, Mohammed Yusuf", "RASHID, Muhammad"], datesOfBirth: ["1969-03-14"]),
        SanctionsEntry(reference: "E", kind: .individual, names: ["Houn Sreymom"], datesOfBirth: ["1988"], countries: ["KH"]),
        SanctionsEntry(reference: "F", kind: .entity, names: ["Mekong Delta Logistics Trading Company", "MDL Trading"]),
        SanctionsEntry(reference: "G", kind: .individual, names: ["Srisuwan Somchai"], datesOfBirth: ["1975-01"], countries: ["TH"]),
    ])

    static let threshold = 0.90

    @Test(
        "true matches in many spellings are caught",
        arguments: [
            ("Chhay Sophal", "A"), ("Chay Sophal", "A"), ("Sophal Chhay", "A"), ("CHAI SOPAL", "A"), ("Chhay Sophall", "A"),
            ("Zhang Weiming", "B"), ("Chang Wei Ming", "B"), ("Jang Weiming", "B"),
            ("Nguyen Van Thanh", "C"), ("NGUYEN VAN THAN", "C"), ("Thanh Nguyen Van", "C"),
            ("Mohammed Al Rashid", "D"), ("Muhammad Al-Rasheed", "D"), ("Mohamed Yusuf Al Rashid", "D"),
            ("Hun Sreymom", "E"), ("Houn Srei Mom", "E"),
            ("Mekong Delta Logistics Trading Co", "F"), ("MDL Trading", "F"),
            ("Somchai Srisuwan", "G"),
        ])
    func catches(name: String, reference: String) {
        let hits = Self.index.screen(ScreeningSubject(name: name), threshold: Self.threshold)
        #expect(hits.first?.entry.reference == reference, "\(name): \(hits.map { "\($0.entry.reference) \($0.score)" })")
    }

    @Test(
        "near misses are let through",
        arguments: [
            "Chan Sophal", "Chhay Dara", "Sok Dara", "Nguyen Van An", "Nguyen Thi Thanh Huong", "Zhang Li", "Wei Ming Lim",
            "Mohammed Hassan", "Somchai Jaidee", "Sophal", "Mekong Rice Export Company", "Houn Sothea",
        ])
    func letsThrough(name: String) {
        let hits = Self.index.screen(ScreeningSubject(name: name), threshold: Self.threshold)
        #expect(hits.isEmpty, "\(name): \(hits.map { "\($0.entry.reference) \($0.matchedName) \($0.score)" })")
    }

    @Test("date of birth and country raise or lower a score where both sides carry them")
    func adjustments() throws {
        let plain = try #require(Self.index.screen(ScreeningSubject(name: "Chay Sophal"), threshold: 0).first { $0.entry.reference == "A" })
        let agrees = try #require(
            Self.index.screen(ScreeningSubject(name: "Chay Sophal", dateOfBirth: "1971-06-02", country: "KH"), threshold: 0).first {
                $0.entry.reference == "A"
            })
        let differs = try #require(
            Self.index.screen(ScreeningSubject(name: "Chay Sophal", dateOfBirth: "1990-01-01", country: "TH"), threshold: 0).first {
                $0.entry.reference == "A"
            })
        #expect(agrees.score == min(1, plain.nameScore + 0.07) && agrees.adjustments.count == 2)
        #expect(abs(differs.score - (plain.nameScore - 0.15)) < 1e-9, "\(differs)")
        // A year-only date of birth agrees with any date in that year.
        let year = try #require(Self.index.screen(ScreeningSubject(name: "Zhang Weiming", dateOfBirth: "1966-08-09"), threshold: 0).first)
        #expect(year.adjustments == ["date of birth agrees (+0.05)"])
        // A different birth date and country push a weak name match under the threshold.
        #expect(Self.index.screen(ScreeningSubject(name: "Chay Sopal", dateOfBirth: "2001-02-03", country: "TH"), threshold: Self.threshold).isEmpty)
    }
}

@Suite("Screening at scale: the index against scoring every entry")
struct ScreeningIndexTests {
    static let entries = SyntheticSanctionsList.make(count: 5_000)
    static let index = ScreeningIndex(entries: entries)

    @Test("every listed name respelt (aspirates, vowels, accents, hyphens, word order) is found by the index, as by a scan")
    func respellingsFound() {
        for entry in Self.entries.prefix(150) {
            let name = entry.names[0].replacingOccurrences(of: "chh", with: "ch").replacingOccurrences(of: "ou", with: "u")
                .replacingOccurrences(of: "ph", with: "p").replacingOccurrences(of: "ee", with: "i").replacingOccurrences(of: "an", with: "ân")
                .replacingOccurrences(of: "y", with: "i").replacingOccurrences(of: "al ", with: "Al-")
            let subject = ScreeningSubject(name: name.split(separator: " ").reversed().joined(separator: " ").uppercased())
            #expect(
                Self.index.screen(subject, threshold: 0.9).contains { $0.entry.reference == entry.reference }, "\(entry.names[0]) as \(subject.name)")
            #expect(Self.index.scan(subject, threshold: 0.9).contains { $0.entry.reference == entry.reference })
        }
    }

    @Test("for other names the index never finds what a scan would not, and agrees with the scan for nine in ten of them")
    func othersAgree() {
        let subjects = SyntheticSanctionsList.make(count: 150, seed: 7).map { ScreeningSubject(name: $0.names[0]) }
        var agree = 0
        var missed = 0
        var found = 0
        for subject in subjects {
            let byIndex = Set(Self.index.screen(subject, threshold: 0.9).map(\.entry.reference))
            let byScan = Set(Self.index.scan(subject, threshold: 0.9).map(\.entry.reference))
            #expect(byIndex.isSubset(of: byScan), "\(subject.name)")
            agree += byIndex == byScan ? 1 : 0
            missed += byScan.subtracting(byIndex).count
            found += byScan.count
        }
        print("screening index: \(agree) of \(subjects.count) subjects agree with a scan; \(missed) of \(found) scan hits not found by the index")
        #expect(agree * 10 >= subjects.count * 9, "\(agree) of \(subjects.count) agree")
    }
}

@Suite("docs/COMPLIANCE.md's examples score as written")
struct ScreeningDocumentTests {
    /// "Name" or "Name, born YYYY-MM-DD, CC".
    static func parts(_ cell: String) -> (name: String, born: String?, country: String?) {
        let pieces = cell.components(separatedBy: ", born ")
        guard pieces.count == 2 else { return (cell, nil, nil) }
        let rest = pieces[1].components(separatedBy: ", ")
        return (pieces[0], rest.first, rest.count > 1 ? rest[1] : nil)
    }

    @Test("every row of the table: the score to two places, and caught exactly when at or above 0.90")
    func table() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: repository.appendingPathComponent("docs/COMPLIANCE.md"), encoding: .utf8)
        let table = try #require(text.components(separatedBy: "| Party's name | Listed as | Score | Result |").last)
        let rows = table.split(separator: "\n").dropFirst().prefix { $0.hasPrefix("|") }
        #expect(rows.count >= 10)
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let party = Self.parts(cells[0])
            let listed = Self.parts(cells[1])
            let entry = SanctionsEntry(
                reference: "DOC", kind: .individual, names: [listed.name], datesOfBirth: listed.born.map { [$0] } ?? [],
                countries: listed.country.map { [$0] } ?? [])
            let hit = try #require(
                ScreeningIndex(entries: [entry]).scan(
                    ScreeningSubject(name: party.name, dateOfBirth: party.born, country: party.country), threshold: 0
                ).first)
            #expect(String(format: "%.2f", hit.score) == cells[2], "\(cells[0]) against \(cells[1]): \(hit.score)")
            #expect((hit.score >= 0.9) == cells[3].hasPrefix("caught"), "\(row)")
        }
    }
}
