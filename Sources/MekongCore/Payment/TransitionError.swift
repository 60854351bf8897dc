/// An event that is not legal in the payment's current state.
public struct TransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let state: PaymentState
    public let event: String

    public var description: String { "event \(event) is not allowed in state \(state.rawValue)" }
}
