import Foundation
import Logging
public import MekongCore

/// KH-LA: Bakong ⇄ LAPNet (Bank of the Lao PDR), a real-time pilot behind a flag. Builds
/// LAPNet transfer requests and reads the answers; the wire types and the mapping of LAPNet's
/// statuses and reasons live in `LAPNetWire`.
public struct LAPNetAdapter: CorridorAdapter {
    public let spec: CorridorSpec
    private let exchange: PartnerExchange

    public init(spec: CorridorSpec, transport: HTTPTransport, logger: Logger) {
        precondition(spec.endpoint != nil, "KH-LA needs an endpoint")
        self.spec = spec
        self.exchange = PartnerExchange(corridorID: spec.id, endpoint: spec.endpoint!, transport: transport, logger: logger)
    }

    public func submit(_ instruction: TransferInstruction) async -> PartnerOutcome {
        let bytes = Array(try! LAPNetWire.encoder.encode(LAPNetWire.TransferRequest(instruction)))
        switch await exchange.send(method: "POST", path: "/v1/transfers", body: bytes) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return LAPNetWire.outcome(of: response, inquiry: false)
        }
    }

    public func inquire(reference: String) async -> PartnerOutcome {
        let path = "/v1/transfers/" + (reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? reference)
        switch await exchange.send(method: "GET", path: path, body: nil) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return LAPNetWire.outcome(of: response, inquiry: true)
        }
    }
}
