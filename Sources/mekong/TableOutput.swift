import Foundation

/// Prints rows as an aligned text table, or the raw JSON with `--json`.
enum TableOutput {
    static func print(_ rows: [[String: Any]], columns: [(title: String, key: String)], json: Bool, raw: Any) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: raw, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            Swift.print(String(decoding: data, as: UTF8.self))
            return
        }
        let cells = rows.map { row in columns.map { cell(row[$0.key]) } }
        let widths = columns.indices.map { index in max(columns[index].title.count, cells.map { $0[index].count }.max() ?? 0) }
        func line(_ values: [String]) -> String {
            zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        Swift.print(line(columns.map(\.title)))
        for row in cells { Swift.print(line(row)) }
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
