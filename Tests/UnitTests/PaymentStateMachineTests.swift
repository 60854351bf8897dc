import MekongCore
import Testing

@Suite("Payment state machine: every (flow, state, event) pair")
struct PaymentStateMachineTests {
    static let events: [PaymentEvent] = [
        .validationPassed, .validationFailed(.limitExceeded), .rateLocked, .rateUnavailable, .handedToPartner,
        .partnerSettled, .partnerRejected(.invalidBeneficiaryAccount), .partnerConfirmedNotReceived,
        .domesticSettled, .systemFailed(.internalError), .screeningHeld, .reviewReleased, .reviewRejected,
    ]

    /// The legal transitions, written out by hand. Everything else must be refused.
    static let legal: [String: (PaymentState, PaymentAction)] = {
        var table: [String: (PaymentState, PaymentAction)] = [:]
        func allow(_ flow: PaymentFlow, _ from: PaymentState, _ event: String, _ to: PaymentState, _ action: PaymentAction) {
            table["\(flow.rawValue)|\(from.rawValue)|\(event)"] = (to, action)
        }
        for flow in [PaymentFlow.crossBorder, .domestic] {
            allow(flow, .initiated, "validation_passed", .validated, flow == .crossBorder ? .lockRate : .settleDomestic)
            allow(flow, .initiated, "validation_failed", .rejected, .announceFinal(.rejected))
            allow(flow, .corridorProcessing, "partner_settled", .crossBorderSettled, .announceFinal(.crossBorderSettled))
            allow(flow, .fxPending, "partner_rejected", .rejected, .announceFinal(.rejected))
            allow(flow, .corridorProcessing, "partner_rejected", .rejected, .announceFinal(.rejected))
            allow(flow, .corridorProcessing, "partner_confirmed_not_received", .timeout, .announceFinal(.timeout))
            for state in PaymentState.allCases where !state.isFinal {
                allow(flow, state, "system_failed", .error, .announceFinal(.error))
            }
        }
        allow(.crossBorder, .validated, "rate_locked", .fxPending, .dispatchToPartner)
        allow(.crossBorder, .validated, "rate_unavailable", .rejected, .announceFinal(.rejected))
        allow(.crossBorder, .fxPending, "handed_to_partner", .corridorProcessing, .awaitPartner)
        allow(.domestic, .validated, "domestic_settled", .settled, .announceFinal(.settled))
        allow(.crossBorder, .fxPending, "screening_held", .fxPending, .awaitReview)
        return table
    }()

    /// The legal transitions of a payment held for compliance review: only the review's two
    /// decisions and a system failure. Everything else, a hand-off above all, is refused.
    static let legalWhileHeld: [String: (PaymentState, PaymentAction)] = {
        var table: [String: (PaymentState, PaymentAction)] = [:]
        for flow in [PaymentFlow.crossBorder, .domestic] {
            for state in PaymentState.allCases where !state.isFinal {
                table["\(flow.rawValue)|\(state.rawValue)|system_failed"] = (.error, .announceFinal(.error))
                if state == .fxPending {
                    table["\(flow.rawValue)|\(state.rawValue)|review_released"] = (.fxPending, .dispatchToPartner)
                    table["\(flow.rawValue)|\(state.rawValue)|review_rejected"] = (.rejected, .announceFinal(.rejected))
                }
            }
        }
        return table
    }()

    @Test(
        "the table holds for all 234 pairs, held and not",
        arguments: [PaymentFlow.crossBorder, .domestic], [false, true])
    func everyPair(flow: PaymentFlow, held: Bool) {
        var checked = 0
        for state in PaymentState.allCases {
            for event in Self.events {
                let key = "\(flow.rawValue)|\(state.rawValue)|\(event.name)"
                var machine = PaymentStateMachine(flow: flow, state: state, version: 7, held: held)
                if let (expected, action) = (held ? Self.legalWhileHeld : Self.legal)[key] {
                    #expect(throws: Never.self, "\(key) should be legal") { try machine.apply(event) }
                    var fresh = PaymentStateMachine(flow: flow, state: state, version: 7, held: held)
                    let got = try? fresh.apply(event)
                    #expect(got == action, "\(key) action")
                    #expect(machine.state == expected, "\(key) → \(expected)")
                    #expect(machine.version == 8, "\(key) bumps the version")
                    #expect(machine.held == (event == .screeningHeld), "\(key): held only after screening_held")
                } else {
                    #expect(throws: TransitionError.self, "\(key) should be refused") { try machine.apply(event) }
                    #expect(machine.state == state && machine.version == 7 && machine.held == held, "\(key) leaves the machine unchanged")
                }
                checked += 1
            }
        }
        #expect(checked == PaymentState.allCases.count * Self.events.count)
    }

    @Test("a held payment is handed off only after its release")
    func heldThenReleased() throws {
        var machine = PaymentStateMachine(flow: .crossBorder, state: .fxPending, version: 3)
        #expect(try machine.apply(.screeningHeld) == .awaitReview)
        #expect(throws: TransitionError.self) { try machine.apply(.handedToPartner) }
        #expect(throws: TransitionError.self) { try machine.apply(.screeningHeld) }
        #expect(try machine.apply(.reviewReleased) == .dispatchToPartner)
        #expect(try machine.apply(.handedToPartner) == .awaitPartner)
        #expect(machine.state == .corridorProcessing && machine.version == 6 && !machine.held)
    }

    @Test("final states never change")
    func finalStatesAreFinal() {
        for state in PaymentState.allCases where state.isFinal {
            for event in Self.events {
                var machine = PaymentStateMachine(flow: .crossBorder, state: state)
                #expect(throws: TransitionError.self) { try machine.apply(event) }
            }
        }
    }

    @Test("the happy cross-border path reaches CROSS_BORDER_SETTLED in four steps")
    func happyPath() throws {
        var machine = PaymentStateMachine(flow: .crossBorder, state: .initiated, version: 1)
        let actions = try [PaymentEvent.validationPassed, .rateLocked, .handedToPartner, .partnerSettled].map { try machine.apply($0) }
        #expect(actions == [.lockRate, .dispatchToPartner, .awaitPartner, .announceFinal(.crossBorderSettled)])
        #expect(machine.state == .crossBorderSettled)
        #expect(machine.version == 5)
    }

    @Test("failure events carry their Bakong code")
    func failureCodes() {
        #expect(PaymentEvent.partnerConfirmedNotReceived.errorCode == .transactionTimeout)
        #expect(PaymentEvent.rateUnavailable.errorCode == .fxRateUnavailable)
        #expect(PaymentEvent.partnerRejected(.insufficientFunds).errorCode == .insufficientFunds)
        #expect(PaymentEvent.partnerSettled.errorCode == nil)
        #expect(PaymentEvent.screeningHeld.errorCode == .complianceHold)
        #expect(PaymentEvent.reviewRejected.errorCode == .complianceRejected)
        #expect(PaymentEvent.reviewReleased.errorCode == nil)
    }
}
