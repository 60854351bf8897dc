import Foundation

/// Reads CSV as RFC 4180 writes it: fields separated by commas, records by CRLF or LF, a field
/// in double quotes may hold commas, line breaks and doubled quotes. OFAC's files are written
/// this way ("ABU ALI, Ahmad" is one field).
enum CSVReader {
    /// The file's records, each a list of fields. A quote left open is an error naming the
    /// record where it opened.
    static func records(_ text: String) throws(SanctionsListError) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var openedAt = 0
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if quoted {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
                openedAt = records.count + 1
            case ",":
                record.append(field)
                field = ""
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                record.append(field)
                field = ""
                records.append(record)
                record = []
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw SanctionsListError("record \(openedAt): a quoted field is not closed") }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records.filter { !($0.count == 1 && $0[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }
}
