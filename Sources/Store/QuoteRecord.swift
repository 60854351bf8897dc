public import Foundation
public import MekongCore

/// A stored quote: the priced numbers, whose they are, and until when they hold.
public struct QuoteRecord: Sendable, Equatable {
    public let id: String
    public let clientID: String
    public let corridorID: String
    public let paymentType: PaymentType
    public let priced: PricedQuote
    public let createdAt: Date
    public let expiresAt: Date

    public init(
        id: String, clientID: String, corridorID: String, paymentType: PaymentType,
        priced: PricedQuote, createdAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.clientID = clientID
        self.corridorID = corridorID
        self.paymentType = paymentType
        self.priced = priced
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
