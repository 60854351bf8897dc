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

    public init(id: String, aggregateID: String, sequence: Int, type: String, payload: String, createdAt: Date, clientID: String? = nil) {
        self.id = id
        self.aggregateID = aggregateID
        self.sequence = sequence
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
        self.clientID = clientID
    }
}
