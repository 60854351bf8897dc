import Foundation
import MekongCore
import Store

/// Builds the outbox events a transition emits: `payment.state_changed` always, and on a
/// final state the seed's own event (`payment.settled`, `payment.rejected`, `payment.timeout`).
/// Payloads carry the payer and beneficiary masked to their last four characters and a
/// per-payment sequence number (the payment's version) for ordering.
enum PaymentEvents {
    struct Party: Encodable { let name: String; let account: String }
    struct Amount: Encodable { let amount: String; let currency: String }
    struct Data: Encodable {
        let paymentId: String
        let reference: String
        let corridor: String
        let state: String
        let previousState: String?
        let sequence: Int
        let source: Amount
        let destination: Amount
        let payer: Party
        let beneficiary: Party
        let errorCode: Int?
        let timestamp: String
    }
    struct Envelope: Encodable {
        let id: String
        let type: String
        let createdAt: String
        let data: Data
    }

    static func make(for payment: PaymentRecord, from: PaymentState?, machine: PaymentStateMachine,
                     errorCode: Int?, at: Date) -> [OutboxEvent] {
        var types = ["payment.state_changed"]
        switch machine.state {
        case .crossBorderSettled, .settled: types.append("payment.settled")
        case .rejected: types.append("payment.rejected")
        case .timeout: types.append("payment.timeout")
        default: break
        }
        let timestamp = RFC3339.string(from: at)
        let data = Data(
            paymentId: payment.id, reference: payment.id, corridor: payment.corridorID, state: machine.state.rawValue,
            previousState: from?.rawValue, sequence: machine.version,
            source: Amount(amount: payment.sourceAmount.decimalString, currency: payment.sourceAmount.currency.code),
            destination: Amount(amount: payment.destinationAmount.decimalString, currency: payment.destinationAmount.currency.code),
            payer: Party(name: payment.payerName, account: AccountMask.mask(payment.payerAccount)),
            beneficiary: Party(name: payment.beneficiaryName, account: AccountMask.mask(payment.beneficiaryAccount)),
            errorCode: errorCode, timestamp: timestamp
        )
        return types.map { type in
            let id = Identifier.make("evt", at: at)
            let payload = (try? JSONResponse.bytes(Envelope(id: id, type: type, createdAt: timestamp, data: data))) ?? []
            return OutboxEvent(id: id, aggregateID: payment.id, sequence: machine.version, type: type,
                               payload: String(decoding: payload, as: UTF8.self), createdAt: at, clientID: payment.clientID)
        }
    }

    /// A step of a payment through its state machine, with the events it announces, ready
    /// for `PaymentRepository.apply` (compare-and-set on the version).
    static func change(_ payment: PaymentRecord, _ event: PaymentEvent, detail: String?, at: Date, next: Date?) throws -> PaymentChange {
        var machine = payment.machine
        try machine.apply(event)
        var change = PaymentChange(paymentID: payment.id, expectedVersion: payment.version, fromState: payment.state,
                                   machine: machine, event: event, detail: detail, at: at, nextActionAt: next)
        change.events = make(for: payment, from: payment.state, machine: machine, errorCode: event.errorCode?.number, at: at)
        return change
    }
}
