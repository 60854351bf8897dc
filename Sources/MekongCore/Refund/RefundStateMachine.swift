/// A refund's lifecycle as a pure value: PENDING → PROCESSING → PROCESSED | FAILED, with
/// FAILED also reachable from PENDING (the partner refused at once). Final states never change.
public struct RefundStateMachine: Sendable, Equatable {
    public private(set) var state: RefundState
    public private(set) var version: Int

    public init(state: RefundState = .pending, version: Int = 1) {
        self.state = state
        self.version = version
    }

    /// Applies `event`; an illegal event throws and leaves the machine unchanged.
    public mutating func apply(_ event: RefundEvent) throws(RefundTransitionError) {
        let next: RefundState
        switch (state, event) {
        case (.pending, .handedToPartner): next = .processing
        case (.processing, .partnerReturned): next = .processed
        case (.pending, .partnerRefused), (.processing, .partnerRefused): next = .failed
        default: throw RefundTransitionError(state: state, event: event.name)
        }
        state = next
        version += 1
    }
}
