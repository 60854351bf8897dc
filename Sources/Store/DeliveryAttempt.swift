public import Foundation

/// One attempt to deliver an event: what the receiver answered, the delivery's state after it,
/// and when the next attempt is due. The dispatcher records it; the delivery log shows it.
public struct DeliveryAttempt: Sendable, Equatable {
    public let deliveryID: String
    public let attempt: Int
    public let state: String
    public let statusCode: Int?
    public let durationMilliseconds: Int
    public let error: String?
    public let at: Date
    public let nextAttemptAt: Date?

    public init(
        deliveryID: String, attempt: Int, state: String, statusCode: Int?, durationMilliseconds: Int, error: String?,
        at: Date, nextAttemptAt: Date?
    ) {
        self.deliveryID = deliveryID
        self.attempt = attempt
        self.state = state
        self.statusCode = statusCode
        self.durationMilliseconds = durationMilliseconds
        self.error = error
        self.at = at
        self.nextAttemptAt = nextAttemptAt
    }
}
