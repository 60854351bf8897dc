import MekongCore
import Store

/// A position's marks in force: treasury's where it set them, else the spec's.
struct PositionMarks: Sendable, Equatable {
    let lowWaterMinor: Int64
    let criticalMinor: Int64
    /// `treasury` or `spec`.
    let source: String

    init(_ position: LiquidityPosition, policy: LiquidityPolicy?) {
        let overridden = position.lowWaterOverrideMinor != nil || position.criticalOverrideMinor != nil
        lowWaterMinor = position.lowWaterOverrideMinor ?? policy?.lowWater.minorUnits ?? 0
        criticalMinor = position.criticalOverrideMinor ?? policy?.critical.minorUnits ?? 0
        source = overridden ? "treasury" : "spec"
    }

    func level(of position: LiquidityPosition) -> LiquidityLevel {
        LiquidityLevel.of(availableMinor: position.availableMinor, lowWaterMinor: lowWaterMinor, criticalMinor: criticalMinor)
    }
}
