import Foundation

/// Prints rows as an aligned text table that fits `width` columns, or the raw JSON with
/// `--json`. To fit, free text is cut with "…" and then the last columns are left out, with a
/// line naming them; `--wide` shows every column whole.
enum TableOutput {
    static let width = 120

    static func print(_ rows: [[String: Any]], columns: [(title: String, key: String)], json: Bool, raw: Any, wide: Bool = false) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: raw, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        var columns = columns
        var cells = rows.map { row in columns.map { cell(row[$0.key]) } }
        var widths = columns.indices.map { index in max(columns[index].title.count, cells.map { $0[index].count }.max() ?? 0) }
        var leftOut: [String] = []
        if !wide {
            let cuttable = columns.indices.map { index in isText(columns[index].key) && cells.contains { $0[index].contains(" ") } }
            widths = fit(widths, titles: columns.map(\.title.count), cuttable: cuttable)
            while columns.count > 1, widths.reduce(0, +) + 2 * (widths.count - 1) > width {
                leftOut.insert(columns.removeLast().title, at: 0)
                widths.removeLast()
                cells = cells.map { Array($0.dropLast()) }
            }
        }
        cells = cells.map { row in zip(row, widths).map { $0.count > $1 ? String($0.prefix($1 - 1)) + "…" : $0 } }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        Swift.print(line(columns.map(\.title)))
        for row in cells { Swift.print(line(row)) }
        if !leftOut.isEmpty {
            Swift.print("(\(leftOut.joined(separator: ", ")) left out to fit \(width) columns: --wide shows them, --json shows all)")
        }
    }

    /// Only free text (a column with spaces in it) is cut; ids, times and key ids never are:
    /// they are what an operator copies into the next command.
    static func isText(_ key: String) -> Bool {
        !(key == "id" || key.hasSuffix("_id") || key.hasSuffix("_at") || key == "at" || key == "since" || key == "until")
    }

    /// Narrows the widest text column, one character at a time, until the row fits `width`
    /// (two spaces between columns) or every text column is down to its title.
    static func fit(_ widths: [Int], titles: [Int], cuttable: [Bool]) -> [Int] {
        var widths = widths
        while widths.reduce(0, +) + 2 * max(widths.count - 1, 0) > width {
            guard
                let widest = widths.indices.filter({ cuttable[$0] && widths[$0] > max(titles[$0], 12) })
                    .max(by: { widths[$0] < widths[$1] })
            else { break }
            widths[widest] -= 1
        }
        return widths
    }

    static func cell(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: "-"
        case let text as String: text
        case let list as [Any]: list.map { cell($0) }.joined(separator: ",")
        case let number as NSNumber where String(cString: number.objCType) == "c": number.boolValue ? "true" : "false"
        case let number as NSNumber: number.stringValue
        default: "\(value!)"
        }
    }
}
