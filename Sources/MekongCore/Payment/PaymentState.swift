/// The states of a payment, named as the NBC lifecycle names them.
public enum PaymentState: String, Sendable, Codable, CaseIterable {
    case initiated = "INITIATED"
    case validated = "VALIDATED"
    case fxPending = "FX_PENDING"
    case corridorProcessing = "CORRIDOR_PROCESSING"
    case crossBorderSettled = "CROSS_BORDER_SETTLED"
    case settled = "SETTLED"
    case rejected = "REJECTED"
    case timeout = "TIMEOUT"
    case error = "ERROR"

    /// Final states never change.
    public var isFinal: Bool {
        switch self {
        case .crossBorderSettled, .settled, .rejected, .timeout, .error: true
        case .initiated, .validated, .fxPending, .corridorProcessing: false
        }
    }
}
