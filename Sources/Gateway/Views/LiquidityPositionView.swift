import Foundation
import MekongCore
import Store

/// A corridor's position as treasury sees it: balance, reserved, available, the marks in force
/// (and whether treasury or the spec set them), where it stands against them, how many payments
/// wait for funds, and the next 24 hours' forecast outflow with the top-up that keeps it above
/// low water.
struct LiquidityPositionView: Encodable, Sendable {
    let corridor: String
    let balance: AmountView
    let reserved: AmountView
    let available: AmountView
    let lowWater: AmountView
    let critical: AmountView
    /// `spec` or `treasury`.
    let marksFrom: String
    let marksSetBy: String?
    let marksSetAt: String?
    /// `ok`, `low` (under low water) or `critical`.
    let level: String
    let levelSince: String?
    let onShortfall: String?
    let queued: Int
    /// Payments wait for funds (hold 5002), or a refusing corridor's available balance is gone.
    let short: Bool
    let forecastOutflow: AmountView?
    let suggestedTopUp: AmountView?
    let updatedAt: String

    init(_ p: LiquidityPosition, policy: LiquidityPolicy?, forecast: OutflowForecast?) {
        let currency = Currency.named(p.currency) ?? .USD
        func money(_ minor: Int64) -> AmountView { AmountView(Money(minorUnits: minor, currency: currency)) }
        let marks = PositionMarks(p, policy: policy)
        corridor = p.corridorID
        balance = money(p.balanceMinor)
        reserved = money(p.reservedMinor)
        available = money(p.availableMinor)
        lowWater = money(marks.lowWaterMinor)
        critical = money(marks.criticalMinor)
        marksFrom = marks.source
        marksSetBy = p.marksSetBy
        marksSetAt = p.marksSetAt.map(RFC3339.string(from:))
        level = marks.level(of: p).rawValue
        levelSince = p.levelSince.map(RFC3339.string(from:))
        onShortfall = policy?.onShortfall.rawValue
        queued = p.queued
        short = p.isShort
        forecastOutflow = forecast.map { money($0.totalMinor) }
        suggestedTopUp = forecast.map { money($0.suggestedTopUpMinor(availableMinor: p.availableMinor, lowWaterMinor: marks.lowWaterMinor)) }
        updatedAt = RFC3339.string(from: p.updatedAt)
    }
}
