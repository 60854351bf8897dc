import Foundation
import Hummingbird
import MekongCore
import Store

/// The query both payment lists share: `state`, `corridor`, `from`, `to` (RFC 3339 instants
/// or business days, YYYY-MM-DD in Asia/Phnom_Penh, `to` inclusive), `limit` and `cursor`.
/// What `reference` means differs (staff: Mekong's and the partner's references; an app:
/// its own), so each route reads it itself.
enum PaymentSearchQuery {
    static func read(_ query: Parameters) throws -> PaymentSearch {
        var search = PaymentSearch()
        if let state = text(query.get("state")) {
            guard let parsed = PaymentState(rawValue: state.uppercased()) else {
                throw APIError(.invalidRequest, "query 'state' must be one of \(PaymentState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            search.state = parsed
        }
        search.corridorID = text(query.get("corridor")).map { $0.uppercased() }
        search.from = try instant(query.get("from"), name: "from", dayEnd: false)
        search.to = try instant(query.get("to"), name: "to", dayEnd: true)
        search.page = try PageQuery.read(query)
        return search
    }

    static func text(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(128))
    }

    /// An RFC 3339 instant, or a business day: its start, or (for `to`) the next day's start.
    private static func instant(_ value: String?, name: String, dayEnd: Bool) throws -> Date? {
        guard let text = text(value) else { return nil }
        if let day = ReconciliationEngine.businessDay(text) { return dayEnd ? day.end : day.start }
        guard let date = RFC3339.date(from: text) else {
            throw APIError(.invalidRequest, "query '\(name)' must be a date (YYYY-MM-DD, Asia/Phnom_Penh) or an RFC 3339 time")
        }
        return date
    }
}
