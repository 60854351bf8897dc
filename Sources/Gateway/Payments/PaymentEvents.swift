import Foundation
import MekongCore
import Store

/// Builds the outbox events a transition emits: `payment.state_changed` always, and on a
/// final state the seed's own event (`payment.settled`, `payment.rejected`, `payment.timeout`),
/// and `payment.held` when screening holds the payment for review (no match details).
/// Payloads carry the payer and beneficiary masked to their last four characters and a
/// per-payment sequence number (the payment's version) for ordering.
enum PaymentEvents {
    static func make(
        for payment: PaymentRecord, from: PaymentState?, machine: PaymentStateMachine,
        errorCode: Int?, at: Date
    ) -> [OutboxEvent] {
        var types = ["payment.state_changed"]
        switch machine.state {
        case .crossBorderSettled, .settled: types.append("payment.settled")
        case .rejected: types.append("payment.rejected")
        case .timeout: types.append("payment.timeout")
        default: if machine.held { types.append("payment.held") }
        }
        let timestamp = RFC3339.string(from: at)
        // Written member by member (ExactJSON), not through JSONEncoder: two to three events
        // per transition make this the hottest encoding in the gateway. Keys are snake_case
        // and nil members are left out, as the API's JSONEncoder writes them.
        func amount(_ money: Money) -> ExactJSON {
            .object([.init(key: "amount", value: .string(money.decimalString)), .init(key: "currency", value: .string(money.currency.code))])
        }
        func party(_ name: String, _ account: String) -> ExactJSON {
            .object([.init(key: "account", value: .string(AccountMask.mask(account))), .init(key: "name", value: .string(name))])
        }
        var data: [ExactJSON.Member] = [
            .init(key: "beneficiary", value: party(payment.beneficiaryName, payment.beneficiaryAccount)),
            .init(key: "corridor", value: .string(payment.corridorID)),
            .init(key: "destination", value: amount(payment.destinationAmount)),
        ]
        if let errorCode { data.append(.init(key: "error_code", value: .number(String(errorCode)))) }
        data += [
            .init(key: "payer", value: party(payment.payerName, payment.payerAccount)),
            .init(key: "payment_id", value: .string(payment.id)),
        ]
        if let from { data.append(.init(key: "previous_state", value: .string(from.rawValue))) }
        data += [
            .init(key: "reference", value: .string(payment.id)),
            .init(key: "sequence", value: .number(String(machine.version))),
            .init(key: "source", value: amount(payment.sourceAmount)),
            .init(key: "state", value: .string(machine.state.rawValue)),
            .init(key: "timestamp", value: .string(timestamp)),
        ]
        return types.map { type in
            let id = Identifier.make("evt", at: at)
            let payload = ExactJSON.object([
                .init(key: "created_at", value: .string(timestamp)), .init(key: "data", value: .object(data)),
                .init(key: "id", value: .string(id)), .init(key: "livemode", value: .bool(payment.livemode)),
                .init(key: "type", value: .string(type)),
            ]).serialized
            return OutboxEvent(
                id: id, aggregateID: payment.id, sequence: machine.version, type: type,
                payload: payload, createdAt: at, clientID: payment.clientID)
        }
    }

    /// A step of a payment through its state machine, with the events it announces, ready
    /// for `PaymentRepository.apply` (compare-and-set on the version).
    static func change(_ payment: PaymentRecord, _ event: PaymentEvent, detail: String?, at: Date, next: Date?) throws -> PaymentChange {
        var machine = payment.machine
        try machine.apply(event)
        var change = PaymentChange(
            paymentID: payment.id, expectedVersion: payment.version, fromState: payment.state,
            machine: machine, event: event, detail: detail, at: at, nextActionAt: next)
        change.events = make(for: payment, from: payment.state, machine: machine, errorCode: event.errorCode?.number, at: at)
        change.corridorID = payment.corridorID
        change.createdAt = payment.createdAt
        return change
    }
}
