import Foundation

/// Reads OFAC's SDN list as OFAC publishes it: `sdn.csv` (no header; entity number, name, type,
/// programme, title, call sign, vessel fields, remarks; `-0-` for an empty field) and its alias
/// file `alt.csv` (entity number, alias number, type, alias name, remarks). Vessels and aircraft
/// are left out: a payment party is a person or an organisation. Dates of birth and
/// nationality are read from the remarks (`DOB 01 Jan 1960; alt. DOB 1961; nationality Iraq`).
/// OFAC's files carry no date of issue: the import states it.
public enum OFACSDNList {
    public static func parse(sdn: String, aliases: String) throws(SanctionsListError) -> SanctionsList {
        var aliasNames: [String: [String]] = [:]
        for (number, record) in try CSVReader.records(aliases).enumerated() {
            guard !isEndOfFile(record) else { continue }
            guard record.count >= 4 else { throw SanctionsListError("alt.csv record \(number + 1): \(record.count) fields, expected 5") }
            let name = clean(record[3])
            if !name.isEmpty { aliasNames[clean(record[0]), default: []].append(name) }
        }
        var entries: [SanctionsEntry] = []
        for (number, record) in try CSVReader.records(sdn).enumerated() {
            guard !isEndOfFile(record) else { continue }
            guard record.count >= 12 else { throw SanctionsListError("sdn.csv record \(number + 1): \(record.count) fields, expected 12") }
            let type = clean(record[2]).lowercased()
            guard type != "vessel", type != "aircraft" else { continue }
            let reference = clean(record[0])
            let name = clean(record[1])
            guard !reference.isEmpty, !name.isEmpty else { throw SanctionsListError("sdn.csv record \(number + 1): no entity number or name") }
            let remarks = clean(record[11])
            entries.append(
                SanctionsEntry(
                    reference: "OFAC-" + reference, kind: type == "individual" ? .individual : .entity,
                    names: [name] + aliasNames[reference, default: []], datesOfBirth: datesOfBirth(remarks),
                    countries: countries(remarks), program: clean(record[3])))
        }
        return SanctionsList(source: .ofac, publishedAt: nil, entries: entries)
    }

    /// OFAC ends its files with a line holding only the SUB character (0x1A).
    static func isEndOfFile(_ record: [String]) -> Bool {
        record.count == 1 && record[0].trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{1A}"))).isEmpty
    }

    static func clean(_ field: String) -> String {
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        return trimmed == "-0-" ? "" : trimmed
    }

    static let months = [
        "jan": "01", "feb": "02", "mar": "03", "apr": "04", "may": "05", "jun": "06", "jul": "07", "aug": "08", "sep": "09", "oct": "10", "nov": "11",
        "dec": "12",
    ]

    /// `DOB 01 Jan 1960`, `DOB Jan 1960`, `DOB 1960`, `DOB circa 1960`, each after `DOB` in a
    /// remark, as `1960-01-01`, `1960-01`, `1960`.
    static func datesOfBirth(_ remarks: String) -> [String] {
        remarks.components(separatedBy: ";").compactMap { part -> String? in
            let words = part.replacingOccurrences(of: "alt.", with: "").split(separator: " ").map {
                String($0).trimmingCharacters(in: .punctuationCharacters)
            }
            guard let at = words.firstIndex(of: "DOB") else { return nil }
            let rest = words[(at + 1)...].filter { $0.lowercased() != "circa" }.prefix(3).map { $0 }
            if rest.count >= 3, let day = Int(rest[0]), let month = months[String(rest[1].lowercased().prefix(3))], rest[2].count == 4,
                Int(rest[2]) != nil
            {
                return "\(rest[2])-\(month)-" + String(format: "%02d", day)
            }
            if rest.count >= 2, let month = months[String(rest[0].lowercased().prefix(3))], rest[1].count == 4, Int(rest[1]) != nil {
                return "\(rest[1])-\(month)"
            }
            if let year = rest.first, year.count == 4, Int(year) != nil { return year }
            return nil
        }
    }

    /// `nationality Iraq` and `citizen Iraq` in the remarks.
    static func countries(_ remarks: String) -> [String] {
        var found: [String] = []
        for part in remarks.components(separatedBy: ";") {
            let text = part.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "alt. ", with: "")
            for prefix in ["nationality ", "citizen "] where text.hasPrefix(prefix) {
                found.append(Countries.code(String(text.dropFirst(prefix.count))))
            }
        }
        return found
    }
}
