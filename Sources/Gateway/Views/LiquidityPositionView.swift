import Foundation
import MekongCore
import Store

/// A corridor's position as treasury sees it: balance, reserved, available, its marks and
/// where it stands against them, and how many payments wait for funds.
struct LiquidityPositionView: Encodable, Sendable {
    let corridor: String
    let balance: AmountView
    let reserved: AmountView
    let available: AmountView
    let lowWater: AmountView?
    let critical: AmountView?
    /// `ok`, `low` (under low water) or `critical`.
    let level: String
    let onShortfall: String?
    let queued: Int
    let updatedAt: String

    init(_ p: LiquidityPosition, policy: LiquidityPolicy?) {
        let currency = Currency.named(p.currency) ?? .USD
        corridor = p.corridorID
        balance = AmountView(Money(minorUnits: p.balanceMinor, currency: currency))
        reserved = AmountView(Money(minorUnits: p.reservedMinor, currency: currency))
        available = AmountView(Money(minorUnits: p.availableMinor, currency: currency))
        lowWater = policy.map { AmountView($0.lowWater) }
        critical = policy.map { AmountView($0.critical) }
        level = Self.level(availableMinor: p.availableMinor, policy: policy)
        onShortfall = policy?.onShortfall.rawValue
        queued = p.queued
        updatedAt = RFC3339.string(from: p.updatedAt)
    }

    /// Where an available balance stands against the marks.
    static func level(availableMinor: Int64, policy: LiquidityPolicy?) -> String {
        guard let policy else { return "ok" }
        if availableMinor < policy.critical.minorUnits { return "critical" }
        if availableMinor < policy.lowWater.minorUnits { return "low" }
        return "ok"
    }
}
