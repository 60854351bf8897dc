public import Foundation

/// An event written to the outbox in the same transaction as the change it announces.
public struct OutboxEvent: Sendable, Equatable {
    public let id: String
    public let aggregateID: String
    public let sequence: Int
    public let type: String
    /// The JSON payload, as delivered.
    public let payload: String
    public let createdAt: Date
    /// The client whose webhooks receive it.
    public let clientID: String?
    /// Delivered byte for byte: `payload` as written (compact) unless given, because PostgreSQL
    /// gives jsonb back spaced and with its keys re-sorted.
    public var body: String?
    /// The same event in the BakongPay format, for subscriptions that ask for it.
    public var bakongPayBody: String?

    public init(
        id: String, aggregateID: String, sequence: Int, type: String, payload: String, createdAt: Date, clientID: String? = nil,
        body: String? = nil, bakongPayBody: String? = nil
    ) {
        self.id = id
        self.aggregateID = aggregateID
        self.sequence = sequence
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
        self.clientID = clientID
        self.body = body ?? payload
        self.bakongPayBody = bakongPayBody
    }
}
