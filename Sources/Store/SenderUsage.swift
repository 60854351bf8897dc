public import Foundation

/// One of a sender's velocity counters: what it has moved through a corridor, of one payment
/// type, in one day or month, against the limit.
public struct SenderUsage: Sendable, Equatable {
    public let sender: String
    public let corridorID: String
    public let paymentType: String
    /// `daily` or `monthly`.
    public let period: String
    /// `YYYY-MM-DD`: the day, or the month's first day.
    public let startsOn: String
    public let usedMinor: Int64
    public let limitMinor: Int64
    public let currency: String
    public let clientID: String
    public let accountMask: String
    public let updatedAt: Date

    public init(
        sender: String, corridorID: String, paymentType: String, period: String, startsOn: String, usedMinor: Int64, limitMinor: Int64,
        currency: String, clientID: String, accountMask: String, updatedAt: Date
    ) {
        self.sender = sender
        self.corridorID = corridorID
        self.paymentType = paymentType
        self.period = period
        self.startsOn = startsOn
        self.usedMinor = usedMinor
        self.limitMinor = limitMinor
        self.currency = currency
        self.clientID = clientID
        self.accountMask = accountMask
        self.updatedAt = updatedAt
    }
}
