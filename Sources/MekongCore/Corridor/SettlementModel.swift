/// How the partner settles: each payment at once, or in fixed cycles.
public enum SettlementModel: Sendable, Equatable {
    case realTime
    /// Store and forward: payments gather into cycles of this many seconds.
    case batch(cycleSeconds: Int)

    public var name: String {
        switch self {
        case .realTime: "real_time"
        case .batch: "batch"
        }
    }
}
