public import MekongCore

/// LAPNet (Bank of the Lao PDR), the partner of KH-LA: planned. Mekong has no adapter for it
/// yet, so KH-LA answers 5001 whatever its spec says.
public enum LAPNet: Partner {
    public static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)? { nil }

    public static let settlementFile: (any SettlementFileFormat)? = nil
}
