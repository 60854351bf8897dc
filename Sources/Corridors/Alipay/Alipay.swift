public import MekongCore

/// Alipay (Ant Group), the partner of KH-CN: inbound only (Chinese payers to Cambodian payees),
/// settled in USD. Mekong calls nothing at Alipay: Alipay calls Mekong, and sends a settlement
/// file of JSON lines.
public enum Alipay: Partner {
    public static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)? {
        AlipayAdapter(spec: spec)
    }

    public static let settlementFile: (any SettlementFileFormat)? = AlipaySettlementFile()
}
