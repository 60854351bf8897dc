public import Foundation

/// One webhook delivery as the staff console's log shows it: which event went to which
/// endpoint, where it stands, and what the last attempt got.
public struct DeliverySummary: Sendable, Equatable {
    public let id: String
    public let clientID: String
    public let subscriptionID: String
    public let url: String
    public let eventID: String
    public let eventType: String
    /// The payment or charge the event is about.
    public let aggregateID: String
    public let state: String
    public let attempts: Int
    public let lastStatus: Int?
    public let lastDurationMilliseconds: Int?
    public let lastError: String?
    public let nextAttemptAt: Date?
    public let updatedAt: Date
}
