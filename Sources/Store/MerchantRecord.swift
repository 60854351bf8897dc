public import Foundation

/// A client that takes KHQR payments.
public struct MerchantRecord: Sendable, Equatable {
    public let clientID: String
    public let email: String
    public let name: String
    public let bakongAccountID: String
    public let city: String
    public let createdAt: Date

    public init(clientID: String, email: String, name: String, bakongAccountID: String, city: String, createdAt: Date) {
        self.clientID = clientID
        self.email = email
        self.name = name
        self.bakongAccountID = bakongAccountID
        self.city = city
        self.createdAt = createdAt
    }
}
