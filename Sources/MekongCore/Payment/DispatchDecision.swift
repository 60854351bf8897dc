public import Foundation

/// What the dispatcher does next with a payment the partner has answered about
/// (`DispatchPolicy.decide`).
public enum DispatchDecision: Sendable, Equatable {
    /// CORRIDOR_PROCESSING → CROSS_BORDER_SETTLED, keeping the partner's reference.
    case settle(partnerReference: String)
    /// CORRIDOR_PROCESSING → REJECTED with the partner's reason.
    case reject(ErrorCode, message: String)
    /// The partner confirmed it has no such transfer and sends are left: send it again under
    /// the same reference.
    case resend
    /// The partner confirmed it has no such transfer after the last allowed send: TIMEOUT (3001).
    case timeout
    /// Still open (pending, ambiguous, deferred): ask the partner again after `after`
    /// seconds; `review` when the inquiry schedule is used up (flag the payment for a person).
    case inquire(after: TimeInterval, review: Bool)
}
