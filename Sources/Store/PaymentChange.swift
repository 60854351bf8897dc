public import Foundation
public import MekongCore

/// One transition of a stored payment, applied by compare-and-set on its version together
/// with its history row and outbox events, in one transaction.
public struct PaymentChange: Sendable {
    public let paymentID: String
    public let expectedVersion: Int
    public let fromState: PaymentState
    public let machine: PaymentStateMachine
    public let event: PaymentEvent
    public let detail: String?
    public let at: Date
    public var partnerReference: String?
    /// When the dispatcher should look at the payment next; `nil` clears it.
    public var nextActionAt: Date?
    public var addDispatchAttempt = false
    /// Batch corridors: the cycle the payment joins on hand-off.
    public var cycle: SettlementCycle?
    /// A hand-off on a corridor with a prefunded position: what it reserves, in the
    /// settlement currency's minor units. The hand-off applies only if it fits.
    public var reserveMinor: Int64?
    public var events: [OutboxEvent] = []
    /// For the metrics recorded when the change commits: the payment's corridor and when it
    /// was created (time to a final state).
    public var corridorID = ""
    public var createdAt: Date?

    public init(
        paymentID: String, expectedVersion: Int, fromState: PaymentState, machine: PaymentStateMachine,
        event: PaymentEvent, detail: String?, at: Date, nextActionAt: Date?
    ) {
        self.paymentID = paymentID
        self.expectedVersion = expectedVersion
        self.fromState = fromState
        self.machine = machine
        self.event = event
        self.detail = detail
        self.at = at
        self.nextActionAt = nextActionAt
    }

    public var historyEntry: HistoryEntry {
        HistoryEntry(
            version: machine.version, fromState: fromState, toState: machine.state, event: event.name,
            errorCode: event.errorCode?.number, detail: detail, at: at)
    }
}
