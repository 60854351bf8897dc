public import Foundation
public import MekongCore

/// One row of a payment's history: a transition, its event, and when.
public struct HistoryEntry: Sendable, Equatable {
    public let version: Int
    public let fromState: PaymentState?
    public let toState: PaymentState
    public let event: String
    public let errorCode: Int?
    public let detail: String?
    public let at: Date

    public init(
        version: Int, fromState: PaymentState?, toState: PaymentState, event: String,
        errorCode: Int?, detail: String?, at: Date
    ) {
        self.version = version
        self.fromState = fromState
        self.toState = toState
        self.event = event
        self.errorCode = errorCode
        self.detail = detail
        self.at = at
    }
}
