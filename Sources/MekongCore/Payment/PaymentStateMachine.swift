/// The payment lifecycle as a pure value: no I/O, no clock, no logging.
///
/// ```
/// INITIATED ─▶ VALIDATED ─▶ FX_PENDING ─▶ CORRIDOR_PROCESSING ─▶ CROSS_BORDER_SETTLED
///     └────────────┴─────────────┴────────────────┴─▶ REJECTED | TIMEOUT | ERROR
/// domestic: INITIATED ─▶ VALIDATED ─▶ SETTLED
/// ```
/// Each accepted event returns the action the I/O layer must carry out and bumps
/// `version`, which the store uses for compare-and-set. Final states never change.
///
/// A cross-border payment in FX_PENDING may be **held** for compliance review (a possible
/// sanctions match, hold 6001). A held payment stays in FX_PENDING and can only be released
/// (and then handed off), rejected by the review (REJECTED, 6002) or failed by the system:
/// the machine refuses a hand-off while it is held.
public struct PaymentStateMachine: Sendable, Equatable {
    public private(set) var state: PaymentState
    public private(set) var version: Int
    public let flow: PaymentFlow
    /// Held for compliance review.
    public private(set) var held: Bool

    public init(flow: PaymentFlow, state: PaymentState = .initiated, version: Int = 0, held: Bool = false) {
        self.flow = flow
        self.state = state
        self.version = version
        self.held = held
    }

    /// Applies `event`.
    /// - Returns: the action to carry out next.
    /// - Throws: `TransitionError` if the event is not legal now; the machine is unchanged.
    @discardableResult
    public mutating func apply(_ event: PaymentEvent) throws(TransitionError) -> PaymentAction {
        let (next, nextHeld, action) = try Self.transition(from: state, held: held, flow: flow, on: event)
        state = next
        held = nextHeld
        version += 1
        return action
    }

    /// The transition table, as a pure function: the next state, whether it is held, and the action.
    public static func transition(
        from state: PaymentState, held: Bool = false, flow: PaymentFlow, on event: PaymentEvent
    ) throws(TransitionError) -> (PaymentState, held: Bool, PaymentAction) {
        let refuse = TransitionError(state: state, event: event.name)
        guard !state.isFinal else { throw refuse }
        if held {
            // Only the review, or a system failure, moves a held payment.
            switch (state, event) {
            case (.fxPending, .reviewReleased): return (.fxPending, false, .dispatchToPartner)
            case (.fxPending, .reviewRejected): return (.rejected, false, .announceFinal(.rejected))
            case (_, .systemFailed): return (.error, false, .announceFinal(.error))
            default: throw refuse
            }
        }
        if case .screeningHeld = event {
            guard state == .fxPending, flow == .crossBorder else { throw refuse }
            return (.fxPending, true, .awaitReview)
        }
        let (next, action) = try unheld(from: state, flow: flow, on: event, refuse: refuse)
        return (next, false, action)
    }

    private static func unheld(
        from state: PaymentState, flow: PaymentFlow, on event: PaymentEvent, refuse: TransitionError
    ) throws(TransitionError) -> (PaymentState, PaymentAction) {
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
