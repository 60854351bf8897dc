import Corridors
import Logging
import MekongCore

/// Which adapter serves which corridor. A corridor with no adapter here answers 5001.
enum CorridorAdapters {
    static func make(spec: CorridorSpec, transport: HTTPTransport, logger: Logger, clientSecret: Secret?) -> (any CorridorAdapter)? {
        guard spec.status != .planned else { return nil }
        if spec.id == "KH-CN" { return AlipayAdapter(spec: spec) }
        guard spec.endpoint != nil else { return nil }
        switch spec.id {
        case "KH-TH": return PromptPayAdapter(spec: spec, transport: transport, logger: logger, clientSecret: clientSecret)
        case "KH-VN": return NAPASAdapter(spec: spec, transport: transport, logger: logger)
        case "KH-MY": return DuitNowAdapter(spec: spec, transport: transport, logger: logger)
        default: return nil
        }
    }
}
