public import Foundation
public import MekongCore

/// A KHQR charge: an amount a merchant asks for, the dynamic code that pays it, and where it
/// is (pending, then paid, expired or failed).
public struct ChargeRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable { case pending, paid, expired, failed }

    public let id: String
    public let clientID: String
    public let amount: Money
    public let description: String?
    /// The client's metadata object, as JSON text.
    public let metadata: String
    public var status: Status
    public let qrCode: String
    public let md5Hash: String
    public let billNumber: String
    public let createdAt: Date
    public let expiresAt: Date
    public var paidAt: Date?
    public var failedReason: String?
    public var bakongHash: String?
    public var payerAccount: String?
    public var paymentID: String?

    public init(
        id: String, clientID: String, amount: Money, description: String?, metadata: String, status: Status, qrCode: String,
        md5Hash: String, billNumber: String, createdAt: Date, expiresAt: Date, paidAt: Date? = nil, failedReason: String? = nil,
        bakongHash: String? = nil, payerAccount: String? = nil, paymentID: String? = nil
    ) {
        self.id = id
        self.clientID = clientID
        self.amount = amount
        self.description = description
        self.metadata = metadata
        self.status = status
        self.qrCode = qrCode
        self.md5Hash = md5Hash
        self.billNumber = billNumber
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.paidAt = paidAt
        self.failedReason = failedReason
        self.bakongHash = bakongHash
        self.payerAccount = payerAccount
        self.paymentID = paymentID
    }
}
