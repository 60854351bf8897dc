import MekongCore
import Testing

/// `DispatchPolicy`, row by row: from the partner's answer, the sends and inquiries so far and
/// the schedule, what the dispatcher does next.
@Suite("Dispatch policy")
struct DispatchPolicyTests {
    /// Schedule 2 s, 10 s, 60 s; at most 2 sends.
    static let policy = DispatchPolicy(inquirySchedule: [2, 10, 60], maxDispatchAttempts: 2)

    struct Row: Sendable, CustomTestStringConvertible {
        let outcome: PartnerOutcome
        let sends: Int
        let inquiries: Int
        let afterInquiry: Bool
        let expected: DispatchDecision
        var testDescription: String { "\(outcome), sends \(sends), inquiries \(inquiries), after inquiry \(afterInquiry) → \(expected)" }
    }

    static let table: [Row] = [
        // Final answers end the payment whatever the counts.
        Row(outcome: .settled(partnerReference: "PP-1"), sends: 1, inquiries: 0, afterInquiry: false, expected: .settle(partnerReference: "PP-1")),
        Row(outcome: .settled(partnerReference: "PP-2"), sends: 2, inquiries: 9, afterInquiry: true, expected: .settle(partnerReference: "PP-2")),
        Row(
            outcome: .rejected(.invalidBeneficiaryAccount, message: "AC03"), sends: 1, inquiries: 0, afterInquiry: false,
            expected: .reject(.invalidBeneficiaryAccount, message: "AC03")),
        // "Not found" re-sends while sends are left, and is TIMEOUT only after the last.
        Row(outcome: .notFound, sends: 1, inquiries: 0, afterInquiry: true, expected: .resend),
        Row(outcome: .notFound, sends: 2, inquiries: 1, afterInquiry: true, expected: .timeout),
        Row(outcome: .notFound, sends: 3, inquiries: 1, afterInquiry: true, expected: .timeout),
        // Unresolved answers wait the schedule's delay for the inquiry count, the last repeating.
        Row(outcome: .pending, sends: 1, inquiries: 0, afterInquiry: false, expected: .inquire(after: 2, review: false)),
        Row(outcome: .pending, sends: 1, inquiries: 1, afterInquiry: true, expected: .inquire(after: 10, review: false)),
        Row(outcome: .ambiguous(reason: "reset"), sends: 1, inquiries: 0, afterInquiry: false, expected: .inquire(after: 2, review: false)),
        Row(outcome: .ambiguous(reason: "timeout"), sends: 1, inquiries: 1, afterInquiry: true, expected: .inquire(after: 10, review: false)),
        // The schedule used up: flagged for review, inquiries go on at the last interval.
        Row(outcome: .pending, sends: 1, inquiries: 2, afterInquiry: true, expected: .inquire(after: 60, review: true)),
        Row(outcome: .pending, sends: 1, inquiries: 3, afterInquiry: false, expected: .inquire(after: 60, review: true)),
        Row(outcome: .ambiguous(reason: "503"), sends: 2, inquiries: 7, afterInquiry: true, expected: .inquire(after: 60, review: true)),
        // A partner's Retry-After lengthens the wait, never shortens it.
        Row(
            outcome: .deferred(reason: "429", retryAfterSeconds: 30), sends: 1, inquiries: 0, afterInquiry: false,
            expected: .inquire(after: 30, review: false)),
        Row(
            outcome: .deferred(reason: "429", retryAfterSeconds: 1), sends: 1, inquiries: 1, afterInquiry: false,
            expected: .inquire(after: 10, review: false)),
        Row(
            outcome: .deferred(reason: "maintenance", retryAfterSeconds: nil), sends: 1, inquiries: 2, afterInquiry: true,
            expected: .inquire(after: 60, review: true)),
    ]

    @Test("each row", arguments: table)
    func row(_ row: Row) {
        let decision = Self.policy.decide(row.outcome, dispatchAttempts: row.sends, inquiryAttempts: row.inquiries, afterInquiry: row.afterInquiry)
        #expect(decision == row.expected)
    }

    @Test("one send allowed: the first \"not found\" is TIMEOUT")
    func oneSend() {
        let policy = DispatchPolicy(inquirySchedule: [5], maxDispatchAttempts: 1)
        #expect(policy.decide(.notFound, dispatchAttempts: 1, inquiryAttempts: 0, afterInquiry: true) == .timeout)
        #expect(policy.decide(.pending, dispatchAttempts: 1, inquiryAttempts: 0, afterInquiry: true) == .inquire(after: 5, review: true))
    }
}
