import Foundation
import Logging
public import MekongCore

/// KH-CN: Alipay (People's Bank of China) into Bakong, one way: Chinese payers to Cambodian
/// payees, settled in USD at the PBOC midpoint.
///
/// Alipay pushes remittances; the adapter reads them and answers in Alipay's format
/// (`AlipayWire`). It carries nothing outbound.
public struct AlipayAdapter: InboundCorridorAdapter {
    public let spec: CorridorSpec

    public init(spec: CorridorSpec) {
        self.spec = spec
    }

    public func submit(_ instruction: TransferInstruction) async -> PartnerOutcome {
        .rejected(.routeNotOffered, message: "\(spec.id) carries only inbound payments")
    }

    public func inquire(reference: String) async -> PartnerOutcome {
        .notFound
    }

    public func readInbound(_ body: [UInt8]) throws(MekongError) -> InboundCredit {
        try AlipayWire.readInbound(body, partnerCurrency: spec.partnerCurrency, settlementCurrency: spec.settlementCurrency)
    }

    public func inboundAnswer(_ status: InboundStatus) -> [UInt8] {
        AlipayWire.answer(status)
    }
}
