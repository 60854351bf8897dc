/// An event that is not legal in the refund's current state.
public struct RefundTransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let state: RefundState
    public let event: String

    public var description: String { "refund event \(event) is not allowed in state \(state.rawValue)" }
}
