import Foundation
import Logging
public import MekongCore

/// The Cambodian leg of inbound payments: credits a payee's Bakong account through the
/// participating bank's Bakong Open API, and asks for a credit's status by reference.
public struct BakongAdapter: TransferChannel {
    private let exchange: PartnerExchange

    public init(endpoint: PartnerEndpoint, transport: HTTPTransport, logger: Logger) {
        exchange = PartnerExchange(corridorID: "KH-BAKONG", endpoint: endpoint, transport: transport, logger: logger)
    }

    public func submit(_ instruction: TransferInstruction) async -> PartnerOutcome {
        let bytes = Array(try! BakongWire.encoder.encode(BakongWire.CreditRequest(instruction)))
        switch await exchange.send(method: "POST", path: "/v1/credits", body: bytes) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return BakongWire.outcome(of: response)
        }
    }

    public func inquire(reference: String) async -> PartnerOutcome {
        let path = "/v1/credits/" + (reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? reference)
        switch await exchange.send(method: "GET", path: path, body: nil) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return BakongWire.outcome(of: response)
        }
    }
}
