public import MekongCore

/// NAPAS (State Bank of Vietnam), the partner of KH-VN: a pilot in business hours; ISO 8583
/// response codes in JSON; a settlement file of JSON lines in dong.
public enum NAPAS: Partner {
    public static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)? {
        guard spec.endpoint != nil else { return nil }
        return NAPASAdapter(spec: spec, transport: context.transport, logger: context.logger)
    }

    public static let settlementFile: (any SettlementFileFormat)? = NAPASSettlementFile()
}
