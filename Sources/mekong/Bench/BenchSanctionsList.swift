import Compliance
import Foundation

/// The list the bench screens against: `SyntheticSanctionsList`'s entries written as a local
/// list (CSV), less any entry the bench's own parties (Sok Dara, Somchai Jaidee) would match, so
/// that every bench payment is screened in full and none is held.
enum BenchSanctionsList {
    static let parties = ["Sok Dara", "Somchai Jaidee"]

    /// Writes `count` entries (fewer the excluded) to `folder/bench-list.csv`; returns how many.
    static func write(count: Int, to folder: String) throws -> Int {
        let all = SyntheticSanctionsList.make(count: count)
        let index = ScreeningIndex(entries: all)
        var excluded = Set<String>()
        for party in parties {
            for country in ["KH", "TH"] {
                for hit in index.screen(ScreeningSubject(name: party, country: country), threshold: 0.5) { excluded.insert(hit.entry.reference) }
            }
        }
        let kept = all.filter { !excluded.contains($0.reference) }
        var lines = [LocalSanctionsList.columns.joined(separator: ",")]
        for entry in kept {
            let fields = [
                entry.reference, entry.names.first ?? "", entry.names.dropFirst().joined(separator: ";"), entry.datesOfBirth.first ?? "",
                entry.countries.first ?? "", entry.kind.rawValue, entry.program,
            ]
            lines.append(
                fields.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(
                    separator: ","))
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/bench-list.csv", atomically: true, encoding: .utf8)
        return kept.count
    }
}
