import Foundation

/// A delivery claimed for an attempt: the event, where it goes and how it is signed.
public struct WebhookDelivery: Sendable {
    public let id: String
    public let eventID: String
    public let eventType: String
    public let payload: String
    public let attempts: Int
    public let subscription: WebhookSubscription
    /// The W3C `traceparent` of the payment the event is about, when it was created with tracing on.
    public var traceParent: String? = nil
    /// When the event was made (a claimed delivery's; nil for a manual re-send's lookup), for
    /// the delivery latency.
    public var eventCreatedAt: Date? = nil
}
