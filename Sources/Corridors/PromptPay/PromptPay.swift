public import MekongCore

/// PromptPay (Bank of Thailand), the partner of KH-TH: real-time, both ways, 24/7, OAuth2 and
/// mutual TLS; inbound credits in ISO 20022-style JSON; a CSV settlement file.
public enum PromptPay: Partner {
    public static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)? {
        guard spec.endpoint != nil else { return nil }
        return PromptPayAdapter(spec: spec, transport: context.transport, logger: context.logger, clientSecret: context.clientSecret)
    }

    public static let settlementFile: (any SettlementFileFormat)? = PromptPaySettlementFile()
}
