import Foundation

/// Reads a local list in Mekong's plain CSV, for the Cambodian FIU's list or a bank's own. The
/// first line names the columns; `reference` and `name` are required, the others optional:
///
/// ```
/// reference,name,aliases,date_of_birth,country,kind,program
/// KH-FIU-0001,Sok Visal,Sok Vesal;Visal Sok,1975-04-12,KH,individual,FIU 2026/03
/// ```
///
/// `aliases` are separated by semicolons; `date_of_birth` is `YYYY-MM-DD`, `YYYY-MM` or `YYYY`;
/// `country` an ISO 3166-1 alpha-2 code; `kind` is `individual` (the default) or `entity`.
public enum LocalSanctionsList {
    public static let columns = ["reference", "name", "aliases", "date_of_birth", "country", "kind", "program"]

    public static func parse(_ text: String) throws(SanctionsListError) -> SanctionsList {
        var records = try CSVReader.records(text)
        guard !records.isEmpty else { throw SanctionsListError("local list: the file is empty") }
        let header = records.removeFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for required in ["reference", "name"] where !header.contains(required) {
            throw SanctionsListError("local list: no \(required) column (columns: \(columns.joined(separator: ", ")))")
        }
        if let unknown = header.first(where: { !columns.contains($0) }) {
            throw SanctionsListError("local list: unknown column \(unknown) (columns: \(columns.joined(separator: ", ")))")
        }
        var entries: [SanctionsEntry] = []
        var seen = Set<String>()
        for (offset, record) in records.enumerated() {
            let line = offset + 2
            guard record.count == header.count else {
                throw SanctionsListError("local list, line \(line): \(record.count) fields, expected \(header.count)")
            }
            var row: [String: String] = [:]
            for (column, value) in zip(header, record) { row[column] = value.trimmingCharacters(in: .whitespaces) }
            let reference = row["reference"] ?? ""
            let name = row["name"] ?? ""
            guard !reference.isEmpty, !name.isEmpty else { throw SanctionsListError("local list, line \(line): reference and name are required") }
            guard seen.insert(reference).inserted else { throw SanctionsListError("local list, line \(line): reference \(reference) appears twice") }
            let born = row["date_of_birth"] ?? ""
            guard born.isEmpty || born.wholeMatch(of: /\d{4}(-\d{2}(-\d{2})?)?/) != nil else {
                throw SanctionsListError("local list, line \(line): date_of_birth \(born) is not YYYY-MM-DD, YYYY-MM or YYYY")
            }
            let country = (row["country"] ?? "").uppercased()
            guard country.isEmpty || country.wholeMatch(of: /[A-Z]{2}/) != nil else {
                throw SanctionsListError("local list, line \(line): country \(country) is not an ISO 3166-1 alpha-2 code")
            }
            let kindText = (row["kind"] ?? "").lowercased()
            guard let kind = kindText.isEmpty ? .individual : SanctionsEntry.Kind(rawValue: kindText) else {
                throw SanctionsListError("local list, line \(line): kind \(kindText) is not individual or entity")
            }
            let aliases = (row["aliases"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            entries.append(
                SanctionsEntry(
                    reference: reference, kind: kind, names: [name] + aliases, datesOfBirth: born.isEmpty ? [] : [born],
                    countries: country.isEmpty ? [] : [country], program: row["program"] ?? ""))
        }
        return SanctionsList(source: .local, publishedAt: nil, entries: entries)
    }
}
