public import Foundation

/// What one new payment adds to one of its sender's velocity counters: the sender (the app's
/// client and the payer's account, hashed), the corridor and payment type, the period (a
/// calendar day or month in Phnom Penh) and the amount in the corridor's partner currency,
/// with the limit the spec sets for it. Stored with the payment, in the same statement.
public struct VelocityCharge: Sendable, Equatable {
    public let sender: String
    public let corridorID: String
    public let paymentType: String
    /// `daily` or `monthly`.
    public let period: String
    /// The period's first day, `YYYY-MM-DD`.
    public let startsOn: String
    public let amountMinor: Int64
    public let limitMinor: Int64
    public let currency: String
    public let clientID: String
    /// The payer's account, masked to its last four characters.
    public let accountMask: String
    public let at: Date

    public init(
        sender: String, corridorID: String, paymentType: String, period: String, startsOn: String, amountMinor: Int64,
        limitMinor: Int64, currency: String, clientID: String, accountMask: String, at: Date
    ) {
        self.sender = sender
        self.corridorID = corridorID
        self.paymentType = paymentType
        self.period = period
        self.startsOn = startsOn
        self.amountMinor = amountMinor
        self.limitMinor = limitMinor
        self.currency = currency
        self.clientID = clientID
        self.accountMask = accountMask
        self.at = at
    }
}
