/// The partners the sandbox plays, each from its own folder: the one list a new partner's
/// settlement file and inbound format join. (Simulators register their routes in
/// `PartnerSandbox.makeRouter`.)
enum SandboxPartners {
    static let settlementWriters: [any SandboxSettlementWriter] = [
        PromptPaySettlementWriter(), DuitNowSettlementWriter(), NAPASSettlementWriter(), AlipaySettlementWriter(), LAPNetSettlementWriter(),
    ]

    static let inboundFormats: [any SandboxInboundFormat] = [PromptPayInboundFormat(), AlipayInboundFormat()]

    static func settlementWriter(for corridor: String) -> (any SandboxSettlementWriter)? {
        settlementWriters.first { $0.corridor == corridor }
    }

    static func inboundFormat(for corridor: String) -> (any SandboxInboundFormat)? {
        inboundFormats.first { $0.corridor == corridor }
    }
}
