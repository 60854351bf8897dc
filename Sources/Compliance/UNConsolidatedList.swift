import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the UN Security Council Consolidated List as the UN publishes it (XML): the root's
/// `dateGenerated` is the date of issue; each `INDIVIDUAL` and `ENTITY` gives its
/// `REFERENCE_NUMBER`, its names (`FIRST_NAME` to `FOURTH_NAME`), its aliases
/// (`INDIVIDUAL_ALIAS`/`ENTITY_ALIAS` → `ALIAS_NAME`, every quality), its dates of birth
/// (`INDIVIDUAL_DATE_OF_BIRTH` → `DATE` or `YEAR`), its nationalities (`NATIONALITY` → `VALUE`)
/// and its list (`UN_LIST_TYPE`).
public enum UNConsolidatedList {
    public static func parse(_ data: Data) throws(SanctionsListError) -> SanctionsList {
        let reader = UNListReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            throw SanctionsListError(
                "UN list, line \(parser.lineNumber): \(parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML")")
        }
        if let problem = reader.problem { throw SanctionsListError("UN list: \(problem)") }
        guard reader.isComplete else { throw SanctionsListError("UN list, line \(parser.lineNumber): the file ends inside an element") }
        guard reader.sawRoot else { throw SanctionsListError("UN list: no CONSOLIDATED_LIST element") }
        return SanctionsList(source: .un, publishedAt: reader.generated, entries: reader.entries)
    }
}

/// The SAX reader behind `UNConsolidatedList`: one entry at a time, text collected per element.
final class UNListReader: NSObject, XMLParserDelegate {
    var entries: [SanctionsEntry] = []
    var generated: Date?
    var sawRoot = false
    var problem: String?

    private var kind: SanctionsEntry.Kind?
    private var fields: [String: [String]] = [:]
    private var text = ""
    private var path: [String] = []

    /// Whether every element opened was closed (a truncated file is not).
    var isComplete: Bool { path.isEmpty }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        path.append(element)
        text = ""
        switch element {
        case "CONSOLIDATED_LIST":
            sawRoot = true
            if let stamp = attributes["dateGenerated"] { generated = Self.date(stamp) }
        case "INDIVIDUAL":
            kind = .individual
            fields = [:]
        case "ENTITY":
            kind = .entity
            fields = [:]
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        defer { path.removeLast() }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        text = ""
        guard let kind else { return }
        let parent = path.dropLast().last ?? ""
        switch element {
        case "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", "REFERENCE_NUMBER", "UN_LIST_TYPE":
            if parent == "INDIVIDUAL" || parent == "ENTITY", !value.isEmpty { fields[element, default: []].append(value) }
        case "ALIAS_NAME" where !value.isEmpty: fields["ALIAS", default: []].append(value)
        case "DATE" where parent == "INDIVIDUAL_DATE_OF_BIRTH" && !value.isEmpty: fields["DOB", default: []].append(String(value.prefix(10)))
        case "YEAR" where parent == "INDIVIDUAL_DATE_OF_BIRTH" && !value.isEmpty: fields["DOB", default: []].append(value)
        case "VALUE" where parent == "NATIONALITY" && !value.isEmpty: fields["NATIONALITY", default: []].append(Countries.code(value))
        case "INDIVIDUAL", "ENTITY":
            let name = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"].compactMap { fields[$0]?.first }.joined(separator: " ")
            guard let reference = fields["REFERENCE_NUMBER"]?.first, !name.isEmpty else {
                problem = problem ?? "line \(parser.lineNumber): an \(element) without a REFERENCE_NUMBER or a name"
                return
            }
            entries.append(
                SanctionsEntry(
                    reference: reference, kind: kind, names: [name] + (fields["ALIAS"] ?? []), datesOfBirth: fields["DOB"] ?? [],
                    countries: fields["NATIONALITY"] ?? [], program: fields["UN_LIST_TYPE"]?.first ?? ""))
            self.kind = nil
        default: break
        }
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
