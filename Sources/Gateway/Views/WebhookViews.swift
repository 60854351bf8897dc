import Foundation
import MekongCore
import Store

/// A subscription as the API shows it; `secret` only at creation and rotation.
struct WebhookView: Encodable {
    let id: String
    /// False for a test-mode object (made with an `mk_test_` key); live keys never see it.
    let livemode: Bool
    let url: String
    let events: [String]
    let maxAttempts: Int?
    let retrySchedule: String
    let state: String
    let disabledReason: String?
    let secret: String?
    let previousSecretValidUntil: String?
    let createdAt: String

    init(_ s: WebhookSubscription, revealSecret: Bool = false) {
        id = s.id
        livemode = ClientPartition.isLive(s.clientID)
        url = s.url
        events = s.events
        maxAttempts = s.maxAttempts
        retrySchedule = RetrySchedule(for: s).description
        state = s.state
        disabledReason = s.disabledReason
        secret = revealSecret ? s.secret : nil
        previousSecretValidUntil = s.previousSecretUntil.map(RFC3339.string(from:))
        createdAt = RFC3339.string(from: s.createdAt)
    }
}

/// One attempt in the delivery log.
struct DeliveryAttemptView: Encodable {
    let deliveryId: String
    let eventId: String
    let eventType: String
    let attempt: Int
    let state: String
    let statusCode: Int?
    let durationMs: Int
    let error: String?
    let at: String
    let nextAttemptAt: String?

    init(_ entry: DeliveryLogEntry) {
        let a = entry.attempt
        deliveryId = a.deliveryID
        eventId = entry.eventID
        eventType = entry.eventType
        attempt = a.attempt
        state = a.state
        statusCode = a.statusCode
        durationMs = a.durationMilliseconds
        error = a.error
        at = RFC3339.string(from: a.at)
        nextAttemptAt = a.nextAttemptAt.map(RFC3339.string(from:))
    }
}
