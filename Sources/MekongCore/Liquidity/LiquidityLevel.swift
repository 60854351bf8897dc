/// Where a position's available balance stands against its marks: `ok`, `low` (under low
/// water) or `critical` (under the critical mark). Entering `low` or `critical` sends
/// `liquidity.low` or `liquidity.critical` to the treasury webhooks that name it.
public enum LiquidityLevel: String, Sendable, Equatable, CaseIterable {
    case ok
    case low
    case critical

    /// The level of `availableMinor` against the marks. A balance exactly at a mark is not
    /// under it.
    public static func of(availableMinor: Int64, lowWaterMinor: Int64, criticalMinor: Int64) -> LiquidityLevel {
        if availableMinor < criticalMinor { return .critical }
        if availableMinor < lowWaterMinor { return .low }
        return .ok
    }

    /// The webhook event a change to this level sends: entering `low` (from `ok`, or back up from
    /// `critical`) sends `liquidity.low`, entering `critical` sends `liquidity.critical`, and a
    /// return to `ok` sends nothing.
    public var eventType: String? {
        switch self {
        case .ok: nil
        case .low: "liquidity.low"
        case .critical: "liquidity.critical"
        }
    }

    /// 0, 1 and 2, for the `mekong_liquidity_level` gauge.
    public var gauge: Double {
        switch self {
        case .ok: 0
        case .low: 1
        case .critical: 2
        }
    }
}
