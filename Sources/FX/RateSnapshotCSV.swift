import Foundation
public import MekongCore

/// Reads a rate snapshot from CSV, one rate per row:
///
/// ```csv
/// provider,effective_at,pair,rate
/// NBC,2026-11-23T00:00:00Z,USD/THB,34.3000
/// NBC,2026-11-23T00:00:00Z,THB/USD,0.0291545
/// ```
/// The header names the four columns, in any order. Every row must carry the same provider
/// and effective time. Rates are decimal strings with at most 10 decimal places; values may
/// be double-quoted. A pair may appear once.
public enum RateSnapshotCSV {
    static let columns = ["provider", "effective_at", "pair", "rate"]

    /// - Throws: `ConfigurationError` naming the file, `line N.column` and the reason.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> RateSnapshot {
        func fail(_ field: String, _ reason: String) -> ConfigurationError {
            ConfigurationError(file: file, field: field, reason: reason)
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let header = lines.first, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail("line 1", "must be the header \(columns.joined(separator: ","))")
        }
        let names = cells(header).map { $0.lowercased() }
        var position: [String: Int] = [:]
        for column in columns {
            guard let index = names.firstIndex(of: column) else {
                throw fail("line 1", "the header lacks the column '\(column)' (it needs \(columns.joined(separator: ",")))")
            }
            position[column] = index
        }
        if let extra = names.first(where: { !columns.contains($0) }) {
            throw fail("line 1", "unknown column '\(extra)'")
        }
        var provider: String?
        var effectiveText: String?
        var effectiveAt: Date?
        var rates: [CurrencyPair: Rate] = [:]
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = offset + 1
            let row = cells(line)
            guard row.count == names.count else {
                throw fail("line \(number)", "has \(row.count) values; the header has \(names.count)")
            }
            func value(_ column: String) -> String { row[position[column]!] }
            let rowProvider = value("provider")
            guard !rowProvider.isEmpty else { throw fail("line \(number).provider", "is required") }
            guard provider == nil || provider == rowProvider else {
                throw fail("line \(number).provider", "'\(rowProvider)' differs from '\(provider!)' on the rows above: one snapshot is one provider")
            }
            provider = rowProvider
            let rowEffective = value("effective_at")
            if let effectiveText {
                guard rowEffective == effectiveText else {
                    throw fail("line \(number).effective_at", "'\(rowEffective)' differs from '\(effectiveText)' on the rows above")
                }
            } else {
                guard let date = RFC3339.date(from: rowEffective) else {
                    throw fail("line \(number).effective_at", "'\(rowEffective)' is not an RFC 3339 time such as 2026-11-22T00:00:00Z")
                }
                effectiveText = rowEffective
                effectiveAt = date
            }
            guard let pair = CurrencyPair(parsing: value("pair")) else {
                throw fail("line \(number).pair", "'\(value("pair"))' is not a pair of known currencies such as USD/THB")
            }
            guard rates[pair] == nil else { throw fail("line \(number).pair", "\(pair) appears twice") }
            do { rates[pair] = try Rate(parsing: value("rate")) } catch {
                throw fail("line \(number).rate", error.description)
            }
        }
        guard let provider, let effectiveAt, !rates.isEmpty else { throw fail("rates", "must list at least one rate") }
        return RateSnapshot(provider: provider, effectiveAt: effectiveAt, rates: rates, isSample: false)
    }

    /// Splits one line on commas, trimming spaces and one pair of surrounding double quotes.
    static func cells(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { cell in
            var value = cell.trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
    }

    /// Writes a snapshot in this format (the inverse of `parse`), pairs sorted.
    public static func write(_ snapshot: RateSnapshot) -> String {
        var text = columns.joined(separator: ",") + "\n"
        for (pair, rate) in snapshot.rates.sorted(by: { $0.key.description < $1.key.description }) {
            text += "\(snapshot.provider),\(RFC3339.string(from: snapshot.effectiveAt)),\(pair),\(rate.decimalString)\n"
        }
        return text
    }
}
