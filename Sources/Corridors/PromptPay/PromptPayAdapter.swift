import Foundation
import Logging
public import MekongCore

/// KH-TH: Bakong ⇄ PromptPay (Bank of Thailand), real-time, both ways, 24/7.
///
/// Builds PromptPay transfer requests and reads the answers; the wire types and the
/// mapping of PromptPay's statuses and ISO 20022 reason codes live in `PromptPayWire`.
public struct PromptPayAdapter: InboundCorridorAdapter, ReturningCorridorAdapter {
    public let spec: CorridorSpec
    private let exchange: PartnerExchange

    /// - Parameter clientSecret: the OAuth2 client secret, when the spec configures OAuth2.
    public init(spec: CorridorSpec, transport: HTTPTransport, logger: Logger, clientSecret: Secret? = nil) {
        precondition(spec.endpoint != nil, "KH-TH needs an endpoint")
        self.spec = spec
        self.exchange = PartnerExchange(
            corridorID: spec.id, endpoint: spec.endpoint!, transport: transport, logger: logger,
            clientSecret: clientSecret)
    }

    public func submit(_ instruction: TransferInstruction) async -> PartnerOutcome {
        let body = PromptPayWire.TransferRequest(instruction)
        let bytes = Array(try! PromptPayWire.encoder.encode(body))
        switch await exchange.send(method: "POST", path: "/v1/transfers", body: bytes) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return PromptPayWire.outcome(of: response, inquiry: false)
        }
    }

    public func inquire(reference: String) async -> PartnerOutcome {
        let path = "/v1/transfers/" + (reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? reference)
        switch await exchange.send(method: "GET", path: path, body: nil) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return PromptPayWire.outcome(of: response, inquiry: true)
        }
    }

    public func submitReturn(_ instruction: ReturnInstruction) async -> PartnerOutcome {
        let bytes = Array(try! PromptPayWire.encoder.encode(PromptPayWire.ReturnRequest(instruction)))
        switch await exchange.send(method: "POST", path: "/v1/returns", body: bytes) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return PromptPayWire.outcome(of: response, inquiry: false)
        }
    }

    public func inquireReturn(reference: String) async -> PartnerOutcome {
        let path = "/v1/returns/" + (reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? reference)
        switch await exchange.send(method: "GET", path: path, body: nil) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return PromptPayWire.outcome(of: response, inquiry: true)
        }
    }

    public func readInbound(_ body: [UInt8]) throws(MekongError) -> InboundCredit {
        try PromptPayWire.readInbound(body, partnerCurrency: spec.partnerCurrency)
    }

    public func inboundAnswer(_ status: InboundStatus) -> [UInt8] {
        PromptPayWire.inboundAnswer(status)
    }
}
