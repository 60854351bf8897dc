import Foundation
import Logging
public import MekongCore

/// KH-MY: Bakong ⇄ DuitNow (Bank Negara Malaysia), store and forward in 15-minute cycles
/// within 08:00–20:00 Kuala Lumpur time.
///
/// Submits one batch per settlement cycle and reads the per-item results; a single-item
/// inquiry asks for one transfer. Wire types and the mapping are in `DuitNowWire`.
public struct DuitNowAdapter: BatchCorridorAdapter {
    public let spec: CorridorSpec
    private let exchange: PartnerExchange

    public init(spec: CorridorSpec, transport: HTTPTransport, logger: Logger) {
        precondition(spec.endpoint != nil, "KH-MY needs an endpoint")
        self.spec = spec
        self.exchange = PartnerExchange(corridorID: spec.id, endpoint: spec.endpoint!, transport: transport, logger: logger)
    }

    public func submitBatch(id batchID: String, cycle: SettlementCycle, _ instructions: [TransferInstruction]) async -> BatchOutcome {
        let bytes = Array(try! DuitNowWire.encoder.encode(DuitNowWire.BatchRequest(batchID: batchID, cycle: cycle, instructions)))
        switch await exchange.send(method: "POST", path: "/v1/batches", body: bytes) {
        case .failed(let error): return .ambiguous(reason: "no answer from DuitNow: \(error)")
        case .unauthorized(_, let reason): return .ambiguous(reason: reason)
        case .response(let response): return DuitNowWire.batchOutcome(of: response)
        }
    }

    /// A single transfer outside a cycle is sent as a batch of one under its own reference.
    public func submit(_ instruction: TransferInstruction) async -> PartnerOutcome {
        let now = Date()
        switch await submitBatch(id: instruction.reference, cycle: SettlementCycle(startsAt: now, closesAt: now), [instruction]) {
        case .processed(let items): return items[instruction.reference] ?? .ambiguous(reason: "DuitNow left the item out of its answer")
        case .ambiguous(let reason): return .ambiguous(reason: reason)
        }
    }

    public func inquire(reference: String) async -> PartnerOutcome {
        let path = "/v1/transfers/" + (reference.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? reference)
        switch await exchange.send(method: "GET", path: path, body: nil) {
        case .failed(let error): return PartnerExchange.outcome(of: error)
        case .unauthorized(let code, let reason): return PartnerExchange.outcome(unauthorized: code, reason)
        case .response(let response): return DuitNowWire.itemOutcome(of: response)
        }
    }
}
