import Foundation
import MekongCore

/// A settlement bank's hourly flow history, as `POST /admin/liquidity/history` takes it and the
/// sandbox gives it: CSV with the header `hour,outflow` or `hour,outflow,currency`, one row per
/// whole hour (RFC 3339), the outflow a decimal in the corridor's settlement currency, exact to
/// its minor unit and not negative.
enum FlowHistoryCSV {
    static let maxRows = 26 * 7 * 24

    static func read(_ text: String, currency: Currency) throws -> [(hour: Date, outflowMinor: Int64)] {
        var lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let header = lines.first, ["hour,outflow", "hour,outflow,currency"].contains(header.lowercased()) else {
            throw APIError(.invalidRequest, "the history must start with the header 'hour,outflow' or 'hour,outflow,currency'")
        }
        lines.removeFirst()
        guard !lines.isEmpty else { throw APIError(.invalidRequest, "the history has no rows") }
        guard lines.count <= maxRows else { throw APIError(.invalidRequest, "the history has \(lines.count) rows; at most \(maxRows) (26 weeks)") }
        var seen: Set<Date> = []
        var hours: [(hour: Date, outflowMinor: Int64)] = []
        for (index, line) in lines.enumerated() {
            let number = index + 2
            func fault(_ message: String) -> APIError {
                APIError(.invalidRequest, "the history, line \(number): \(message)", details: ["line": String(number)])
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == (header.lowercased() == "hour,outflow" ? 2 : 3) else { throw fault("expected \(header)") }
            guard let hour = RFC3339.date(from: fields[0]), OutflowForecast.hour(floor: hour) == hour else {
                throw fault("'\(fields[0])' is not a whole hour in RFC 3339")
            }
            if fields.count == 3, fields[2] != currency.code { throw fault("the currency must be \(currency.code), not '\(fields[2])'") }
            let outflow: Money
            do { outflow = try Money(parsing: fields[1], currency: currency) } catch { throw fault("outflow: \(error.description)") }
            guard seen.insert(hour).inserted else { throw fault("\(fields[0]) is listed twice") }
            hours.append((hour, outflow.minorUnits))
        }
        return hours.sorted { $0.hour < $1.hour }
    }
}
