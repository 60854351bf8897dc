public import Foundation

/// The dispatcher's rules as a value: from what the partner said, how many sends and
/// inquiries a payment has had, and the schedule, decide whether to settle, reject, send
/// again, time out or inquire later. Pure, so it is tested as a table like the state machine.
///
/// - A send is repeated only after an inquiry confirmed the partner does not have the
///   transfer, and at most `maxDispatchAttempts` sends in all; "not found" after the last
///   is TIMEOUT, never sooner.
/// - Anything unresolved is inquired about on `inquirySchedule` (the i-th inquiry waits the
///   i-th delay, the last delay repeating); a partner's Retry-After lengthens the wait, never
///   shortens it. Once the schedule is used up the payment is flagged for review, and
///   inquiries go on: nothing is failed for want of an answer.
public struct DispatchPolicy: Sendable, Equatable {
    public let inquirySchedule: [TimeInterval]
    public let maxDispatchAttempts: Int

    public init(inquirySchedule: [TimeInterval], maxDispatchAttempts: Int) {
        precondition(!inquirySchedule.isEmpty && maxDispatchAttempts >= 1)
        self.inquirySchedule = inquirySchedule
        self.maxDispatchAttempts = maxDispatchAttempts
    }

    /// - Parameters:
    ///   - dispatchAttempts: sends made so far, the one just answered included.
    ///   - inquiryAttempts: inquiries recorded before this answer.
    ///   - afterInquiry: whether this answer came from an inquiry (it then counts as one).
    public func decide(_ outcome: PartnerOutcome, dispatchAttempts: Int, inquiryAttempts: Int, afterInquiry: Bool) -> DispatchDecision {
        switch outcome {
        case .settled(let reference): return .settle(partnerReference: reference)
        case .rejected(let code, let message): return .reject(code, message: message)
        case .notFound: return dispatchAttempts < maxDispatchAttempts ? .resend : .timeout
        case .pending, .ambiguous:
            return .inquire(
                after: delay(inquiryAttempts: inquiryAttempts), review: reviewDue(inquiryAttempts: inquiryAttempts, afterInquiry: afterInquiry))
        case .deferred(_, let retryAfter):
            let wait = max(delay(inquiryAttempts: inquiryAttempts), TimeInterval(retryAfter ?? 0))
            return .inquire(after: wait, review: reviewDue(inquiryAttempts: inquiryAttempts, afterInquiry: afterInquiry))
        }
    }

    /// The wait before the next inquiry, after `inquiryAttempts` of them.
    public func delay(inquiryAttempts: Int) -> TimeInterval {
        inquirySchedule[min(max(inquiryAttempts, 0), inquirySchedule.count - 1)]
    }

    /// Whether the schedule is used up once this step is counted.
    public func reviewDue(inquiryAttempts: Int, afterInquiry: Bool) -> Bool {
        inquiryAttempts + (afterInquiry ? 1 : 0) >= inquirySchedule.count
    }
}
