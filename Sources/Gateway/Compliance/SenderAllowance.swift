import Crypto
import Foundation
import MekongCore
import Store

/// Velocity limits per sender: what a payment takes from its sender's daily and monthly
/// allowance on its corridor, and what a refusal or a dry run says about it.
///
/// - A sender is the app's client id together with the payer's account, kept as a hash (the
///   account never reaches the counters, logs or responses in full).
/// - The periods are calendar days and months in Phnom Penh (Asia/Phnom_Penh): a day's
///   allowance starts again at midnight there, a month's on the 1st.
/// - Amounts are in the corridor's partner currency: the payment's destination amount.
struct SenderAllowance: Sendable {
    let velocity: VelocityRepository

    static let zone = TimeZone(identifier: "Asia/Phnom_Penh")!

    /// The sender's id: SHA-256 of the client id and the payer's account, first 16 bytes, hex.
    static func sender(clientID: String, account: String) -> String {
        let digest = SHA256.hash(data: Data("\(clientID)\u{0}\(account)".utf8))
        return "snd_" + digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The day (`YYYY-MM-DD`) and the month's first day, in Phnom Penh, of `instant`.
    static func periods(at instant: Date) -> (day: String, month: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        let (year, month, day) = (parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
        return (String(format: "%04d-%02d-%02d", year, month, day), String(format: "%04d-%02d-01", year, month))
    }

    /// What an outbound payment takes, or nil when its corridor sets no velocity limit for its type.
    static func take(_ payment: PaymentRecord, spec: CorridorSpec, at now: Date) -> VelocityTake? {
        // Limits are in the partner currency, which an outbound payment's destination is in.
        let amount = payment.destinationAmount
        guard payment.direction == .outbound, let limit = spec.velocity[payment.paymentType], amount.currency == spec.partnerCurrency else {
            return nil
        }
        let sender = sender(clientID: payment.clientID, account: payment.payerAccount)
        let (day, month) = periods(at: now)
        let charges = limit.limits.map { period, cap in
            VelocityCharge(
                sender: sender, corridorID: spec.id, paymentType: payment.paymentType.rawValue, period: period.rawValue,
                startsOn: period == .daily ? day : month, amountMinor: amount.minorUnits, limitMinor: cap.minorUnits,
                currency: cap.currency.code, clientID: payment.clientID, accountMask: AccountMask.mask(payment.payerAccount), at: now)
        }
        return VelocityTake(sender: sender, amountMinor: amount.minorUnits, day: day, charges: charges)
    }

    /// One limit as it stands for a sender: the rule, the limit, what is used and what remains.
    struct Standing: Sendable {
        let rule: String
        let period: VelocityLimit.Period
        let limit: Money
        let used: Money
        var remaining: Money { Money(minorUnits: max(0, limit.minorUnits - used.minorUnits), currency: limit.currency) }
    }

    /// Where the sender stands against each of the corridor's limits for this payment type.
    func standing(clientID: String, account: String, spec: CorridorSpec, type: PaymentType, at now: Date) async throws -> [Standing] {
        guard let limit = spec.velocity[type] else { return [] }
        let sender = Self.sender(clientID: clientID, account: account)
        let (day, month) = Self.periods(at: now)
        let rows = try await velocity.usage(sender: sender, corridorID: spec.id, paymentType: type.rawValue, day: day, month: month)
        return limit.limits.map { period, cap in
            let used = rows.first { $0.period == period.rawValue }?.usedMinor ?? 0
            return Standing(
                rule: VelocityLimit.rule(corridor: spec.id, type: type, period: period), period: period, limit: cap,
                used: Money(minorUnits: used, currency: cap.currency))
        }
    }

    /// The refusal (2005) for a payment of `amount` that does not fit: it names the first limit
    /// it would pass, what is used and what remains.
    func refusal(
        clientID: String, account: String, spec: CorridorSpec, type: PaymentType, amount: Money, at now: Date
    ) async throws
        -> MekongError
    {
        let standing = try await standing(clientID: clientID, account: account, spec: spec, type: type, at: now)
        let passed = standing.first { $0.used.minorUnits + amount.minorUnits > $0.limit.minorUnits } ?? standing.first
        guard let passed else { return MekongError(.limitExceeded, "\(amount) passes this sender's velocity limit on \(spec.id)") }
        return Self.refusal(passed, amount: amount, corridor: spec.id, type: type)
    }

    static func refusal(_ s: Standing, amount: Money, corridor: String, type: PaymentType) -> MekongError {
        MekongError(
            .limitExceeded,
            "\(amount) would pass this sender's \(s.period.rawValue) \(corridor) \(type.rawValue) limit of \(s.limit): \(s.used) used, \(s.remaining) remains",
            rule: s.rule,
            details: [
                "limit": s.limit.decimalString, "limit_currency": s.limit.currency.code, "used": s.used.decimalString,
                "remaining": s.remaining.decimalString, "amount": amount.decimalString, "period": s.period.rawValue,
            ])
    }
}
