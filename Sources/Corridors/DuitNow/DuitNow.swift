public import MekongCore

/// DuitNow (Bank Negara Malaysia), the partner of KH-MY: store and forward in 15-minute batch
/// cycles, 08:00–20:00 Kuala Lumpur time; a semicolon-separated settlement file in sen.
public enum DuitNow: Partner {
    public static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)? {
        guard spec.endpoint != nil else { return nil }
        return DuitNowAdapter(spec: spec, transport: context.transport, logger: context.logger)
    }

    public static let settlementFile: (any SettlementFileFormat)? = DuitNowSettlementFile()
}
