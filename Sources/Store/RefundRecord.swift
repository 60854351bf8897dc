public import Foundation
public import MekongCore

/// A stored refund: how much it returns in both currencies, and where it is in its lifecycle.
public struct RefundRecord: Sendable, Equatable {
    public let id: String
    public let paymentID: String
    public let corridorID: String
    public let clientID: String
    public var state: RefundState
    public var version: Int
    public let destination: Money
    public let source: Money
    public let reason: String?
    public var partnerReference: String?
    public var errorCode: Int?
    public var errorMessage: String?
    public var attempts: Int
    public var nextActionAt: Date?
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, paymentID: String, corridorID: String, clientID: String, state: RefundState, version: Int, destination: Money, source: Money,
        reason: String?, partnerReference: String? = nil, errorCode: Int? = nil, errorMessage: String? = nil,
        attempts: Int = 0, nextActionAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.paymentID = paymentID
        self.corridorID = corridorID
        self.clientID = clientID
        self.state = state
        self.version = version
        self.destination = destination
        self.source = source
        self.reason = reason
        self.partnerReference = partnerReference
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.attempts = attempts
        self.nextActionAt = nextActionAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
