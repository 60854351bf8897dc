import Foundation
import MekongCore
import Store

/// A webhook delivery in the staff log: the endpoint is shown as scheme, host and path only
/// (a query string may carry a receiver's token).
struct DeliverySummaryView: Encodable {
    let id: String
    let clientId: String
    let subscriptionId: String
    let url: String
    let eventId: String
    let eventType: String
    let about: String
    let state: String
    let attempts: Int
    let lastStatus: Int?
    let lastDurationMs: Int?
    let lastError: String?
    let nextAttemptAt: String?
    let updatedAt: String

    init(_ d: DeliverySummary) {
        id = d.id
        clientId = d.clientID
        subscriptionId = d.subscriptionID
        url = Self.withoutQuery(d.url)
        eventId = d.eventID
        eventType = d.eventType
        about = d.aggregateID
        state = d.state
        attempts = d.attempts
        lastStatus = d.lastStatus
        lastDurationMs = d.lastDurationMilliseconds
        lastError = d.lastError
        nextAttemptAt = d.nextAttemptAt.map(RFC3339.string(from:))
        updatedAt = RFC3339.string(from: d.updatedAt)
    }

    static func withoutQuery(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "<unparseable URL>" }
        parts.query = nil
        parts.fragment = nil
        parts.user = nil
        parts.password = nil
        return parts.string ?? "<unparseable URL>"
    }
}
