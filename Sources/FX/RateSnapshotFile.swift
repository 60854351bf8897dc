import Foundation
public import MekongCore
import Yams

/// Reads a rate snapshot from the YAML format of `rates/`:
///
/// ```yaml
/// provider: NBC
/// effective_at: 2026-11-22T00:00:00Z
/// sample: true
/// rates:
///   USD/THB: "35.1200"
/// ```
/// Rates are decimal strings (never YAML floats) with at most 10 decimal places.
public enum RateSnapshotFile {
    private struct Raw: Decodable {
        let provider: String?
        let effective_at: String?
        let sample: Bool?
        let rates: [String: String]?
    }

    /// - Throws: `ConfigurationError` naming the file, the field and the reason.
    public static func load(path: String) throws(ConfigurationError) -> RateSnapshot {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(file: path, field: "(file)", reason: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> RateSnapshot {
        func fail(_ field: String, _ reason: String) -> ConfigurationError {
            ConfigurationError(file: file, field: field, reason: reason)
        }
        let raw: Raw
        do { raw = try YAMLDecoder().decode(Raw.self, from: text) } catch {
            let (field, reason) = YAMLErrorText.describe(error)
            throw fail(field, reason)
        }
        guard let provider = raw.provider, !provider.isEmpty else { throw fail("provider", "is required") }
        guard let effectiveText = raw.effective_at else { throw fail("effective_at", "is required") }
        guard let effectiveAt = RFC3339.date(from: effectiveText) else {
            throw fail("effective_at", "'\(effectiveText)' is not an RFC 3339 time such as 2026-11-22T00:00:00Z")
        }
        guard let rawRates = raw.rates, !rawRates.isEmpty else { throw fail("rates", "must list at least one rate") }
        var rates: [CurrencyPair: Rate] = [:]
        for (key, value) in rawRates.sorted(by: { $0.key < $1.key }) {
            guard let pair = CurrencyPair(parsing: key) else {
                throw fail("rates.\(key)", "is not a pair of known currencies such as USD/THB")
            }
            do { rates[pair] = try Rate(parsing: value) } catch {
                throw fail("rates.\(key)", error.description)
            }
        }
        return RateSnapshot(provider: provider, effectiveAt: effectiveAt, rates: rates, isSample: raw.sample ?? false)
    }
}
