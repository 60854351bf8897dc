/// How the partner settles: each payment at once, or in fixed cycles.
public enum SettlementModel: Sendable, Equatable {
    case realTime
    case batch(cycleMinutes: Int)

    public var name: String {
        switch self {
        case .realTime: "real_time"
        case .batch: "batch"
        }
    }
}
