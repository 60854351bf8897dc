import Foundation
import MekongCore
import Store

/// One of a sender's velocity counters: the sender (hashed), its client and masked account,
/// the rule, what is used and what remains.
struct SenderUsageView: Encodable, Sendable {
    let sender: String
    let clientId: String
    let account: String
    let corridor: String
    let paymentType: String
    let period: String
    let startsOn: String
    let rule: String
    let limit: AmountView
    let used: AmountView
    let remaining: AmountView
    let updatedAt: String

    init(_ u: SenderUsage) {
        sender = u.sender
        clientId = u.clientID
        account = u.accountMask
        corridor = u.corridorID
        paymentType = u.paymentType
        period = u.period
        startsOn = u.startsOn
        rule = "\(u.corridorID).limits.velocity.\(u.paymentType).\(u.period)"
        let currency = Currency.named(u.currency) ?? .USD
        limit = AmountView(Money(minorUnits: u.limitMinor, currency: currency))
        used = AmountView(Money(minorUnits: u.usedMinor, currency: currency))
        remaining = AmountView(Money(minorUnits: max(0, u.limitMinor - u.usedMinor), currency: currency))
        updatedAt = RFC3339.string(from: u.updatedAt)
    }
}
