import Foundation

/// RFC 3339 timestamps in UTC, the API's only time format.
public enum RFC3339 {
    private static let whole: Date.ISO8601FormatStyle = .iso8601
    private static let fractional: Date.ISO8601FormatStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-11-22T03:10:00Z`, or with milliseconds when the instant has them.
    public static func string(from date: Date) -> String {
        let rounded = (date.timeIntervalSince1970 * 1000).rounded() / 1000
        if rounded == rounded.rounded(.down) {
            return whole.format(Date(timeIntervalSince1970: rounded))
        }
        return fractional.format(Date(timeIntervalSince1970: rounded))
    }

    /// Parses RFC 3339 with or without fractional seconds.
    public static func date(from text: String) -> Date? {
        if let date = try? whole.parse(text) { return date }
        return try? fractional.parse(text)
    }
}
