/// The payment lifecycle as a pure value: no I/O, no clock, no logging.
///
/// ```
/// INITIATED ─▶ VALIDATED ─▶ FX_PENDING ─▶ CORRIDOR_PROCESSING ─▶ CROSS_BORDER_SETTLED
///     └────────────┴─────────────┴────────────────┴─▶ REJECTED | TIMEOUT | ERROR
/// domestic: INITIATED ─▶ VALIDATED ─▶ SETTLED
/// ```
/// Each accepted event returns the action the I/O layer must carry out and bumps
/// `version`, which the store uses for compare-and-set. Final states never change.
public struct PaymentStateMachine: Sendable, Equatable {
    public private(set) var state: PaymentState
    public private(set) var version: Int
    public let flow: PaymentFlow

    public init(flow: PaymentFlow, state: PaymentState = .initiated, version: Int = 0) {
        self.flow = flow
        self.state = state
        self.version = version
    }

    /// Applies `event`.
    /// - Returns: the action to carry out next.
    /// - Throws: `TransitionError` if the event is not legal now; the machine is unchanged.
    @discardableResult
    public mutating func apply(_ event: PaymentEvent) throws(TransitionError) -> PaymentAction {
        let (next, action) = try Self.transition(from: state, flow: flow, on: event)
        state = next
        version += 1
        return action
    }

    /// The transition table, as a pure function.
    public static func transition(
        from state: PaymentState, flow: PaymentFlow, on event: PaymentEvent
    ) throws(TransitionError) -> (PaymentState, PaymentAction) {
        let refuse = TransitionError(state: state, event: event.name)
        guard !state.isFinal else { throw refuse }
        switch (state, event) {
        case (.initiated, .validationPassed):
            return (.validated, flow == .crossBorder ? .lockRate : .settleDomestic)
        case (.validated, .rateLocked) where flow == .crossBorder:
            return (.fxPending, .dispatchToPartner)
        case (.fxPending, .handedToPartner) where flow == .crossBorder:
            return (.corridorProcessing, .awaitPartner)
        case (.corridorProcessing, .partnerSettled):
            return (.crossBorderSettled, .announceFinal(.crossBorderSettled))
        case (.validated, .domesticSettled) where flow == .domestic:
            return (.settled, .announceFinal(.settled))
        case (.initiated, .validationFailed), (.fxPending, .partnerRejected), (.corridorProcessing, .partnerRejected):
            return (.rejected, .announceFinal(.rejected))
        case (.validated, .rateUnavailable) where flow == .crossBorder:
            return (.rejected, .announceFinal(.rejected))
        case (.corridorProcessing, .partnerConfirmedNotReceived):
            return (.timeout, .announceFinal(.timeout))
        case (_, .systemFailed):
            return (.error, .announceFinal(.error))
        default:
            throw refuse
        }
    }
}
