import Foundation
import MekongCore
import Store

/// The steps every accepted payment takes before hand-off, outbound or inbound:
/// INITIATED (created) → VALIDATED → FX_PENDING through the state machine, with a history row
/// and outbox events for each, ready to be stored in one transaction. A payment screening
/// holds takes one step more, `screening_held` (hold 6001, `payment.held`), and has no next
/// action: nothing hands it off until a review releases it.
enum AcceptanceSteps {
    static func run(
        _ payment: PaymentRecord, creationEvent: String, held: Bool = false, at now: Date
    ) throws
        -> (payment: PaymentRecord, history: [HistoryEntry], events: [OutboxEvent])
    {
        var machine = PaymentStateMachine(flow: payment.flow, state: .initiated, version: 1)
        var history = [HistoryEntry(version: 1, fromState: nil, toState: .initiated, event: creationEvent, errorCode: nil, detail: nil, at: now)]
        var events = PaymentEvents.make(for: payment, from: nil, machine: machine, errorCode: nil, at: now)
        for event in [PaymentEvent.validationPassed, .rateLocked] + (held ? [.screeningHeld] : []) {
            let from = machine.state
            try machine.apply(event)
            let code = event.errorCode?.number
            history.append(
                HistoryEntry(
                    version: machine.version, fromState: from, toState: machine.state, event: event.name,
                    errorCode: code, detail: held && event == .screeningHeld ? "held for compliance review" : nil, at: now))
            events += PaymentEvents.make(for: payment, from: from, machine: machine, errorCode: code, at: now)
        }
        var accepted = payment
        accepted.state = machine.state
        accepted.version = machine.version
        if held {
            accepted.holdCode = ErrorCode.complianceHold.number
            accepted.nextActionAt = nil
        }
        return (accepted, history, events)
    }
}
