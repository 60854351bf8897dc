import Corridors
import Logging
import MekongCore

/// Which adapter serves which corridor: the partner the spec names builds it (`PartnerSystem`).
/// A planned corridor, or one whose partner has nothing to call, has none and answers 5001.
enum CorridorAdapters {
    static func make(spec: CorridorSpec, transport: HTTPTransport, logger: Logger, clientSecret: Secret?) -> (any CorridorAdapter)? {
        guard spec.status != .planned, let system = PartnerSystem(rawValue: spec.partnerSystem) else { return nil }
        return system.partner.adapter(for: spec, PartnerContext(transport: transport, logger: logger, clientSecret: clientSecret))
    }
}
