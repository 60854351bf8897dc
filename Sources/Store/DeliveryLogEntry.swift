/// A line of a subscription's delivery log: an attempt, with the event it carried.
public struct DeliveryLogEntry: Sendable, Equatable {
    public let eventID: String
    public let eventType: String
    public let attempt: DeliveryAttempt

    public init(eventID: String, eventType: String, attempt: DeliveryAttempt) {
        self.eventID = eventID
        self.eventType = eventType
        self.attempt = attempt
    }
}
