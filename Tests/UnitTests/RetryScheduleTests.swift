import Foundation
import MekongCore
import Store
import Testing

@testable import Gateway

@Suite("Webhook retry plans: the NBC schedule, seed 003's doubling table and seed 002's charge policy")
struct RetryScheduleTests {
    static func subscription(events: [String], format: String = "standard", maxAttempts: Int? = nil) -> WebhookSubscription {
        WebhookSubscription(
            id: "whk_1", clientID: "cli_1", url: "https://example.com/hook", events: events, format: format,
            maxAttempts: maxAttempts, secret: "whsec_x", previousSecret: nil, previousSecretUntil: nil,
            state: "ENABLED", disabledReason: nil, createdAt: Date(timeIntervalSince1970: 0))
    }

    static func delays(_ schedule: RetrySchedule) -> [Int] {
        (1...12).compactMap { schedule.baseDelayMilliseconds(after: $0) }.map { $0 / 1000 }
    }

    @Test("each subscription gets the plan its users were promised")
    func plans() {
        #expect(RetrySchedule(for: Self.subscription(events: ["*"])).plan == .nbc)
        #expect(RetrySchedule(for: Self.subscription(events: ["payment.settled"], maxAttempts: 3)).plan == .doubling(3))
        #expect(RetrySchedule(for: Self.subscription(events: ["charge.paid", "charge.expired", "charge.failed"])).plan == .khqrCharges)
        #expect(
            RetrySchedule(for: Self.subscription(events: ["charge.pending", "charge.paid"], format: "bakongpay", maxAttempts: 5)).plan == .doubling(5)
        )
        #expect(RetrySchedule(for: Self.subscription(events: ["charge.paid", "payment.settled"])).plan == .nbc, "mixed events keep the NBC schedule")
    }

    @Test("the delays between attempts, and how many attempts, per plan")
    func delays() {
        #expect(Self.delays(RetrySchedule(plan: .nbc)) == [5, 15, 45, 135])
        #expect(RetrySchedule(plan: .nbc).attempts == 5)
        #expect(Self.delays(RetrySchedule(plan: .khqrCharges)) == [60, 300, 900], "seed 002: 3 retries at 1, 5 and 15 minutes")
        #expect(RetrySchedule(plan: .khqrCharges).attempts == 4)
        #expect(Self.delays(RetrySchedule(plan: .doubling(5))) == [2, 4, 8, 16], "seed 003: the nth attempt 2^(n-1) s after the one before")
        #expect(Self.delays(RetrySchedule(plan: .doubling(1))).isEmpty)
        #expect(Self.delays(RetrySchedule(plan: .doubling(10))).count == 9)
    }

    @Test("jitter stays within ±10 %, Retry-After is a floor, and the percent scales the plan")
    func jitterAndFloor() {
        let schedule = RetrySchedule(plan: .khqrCharges)
        #expect(schedule.delayMilliseconds(after: 1, jitter: 1000, retryAfterSeconds: nil) == 66_000)
        #expect(schedule.delayMilliseconds(after: 1, jitter: -1000, retryAfterSeconds: nil) == 54_000)
        #expect(schedule.delayMilliseconds(after: 1, jitter: 0, retryAfterSeconds: 120) == 120_000)
        #expect(schedule.delayMilliseconds(after: 4, jitter: 0, retryAfterSeconds: nil) == nil)
        #expect(RetrySchedule(plan: .nbc, percent: 10).baseDelayMilliseconds(after: 1) == 500)
    }

    @Test("the schedule in words has the right plural")
    func words() {
        #expect(RetrySchedule(plan: .doubling(1)).description == "1 attempt, no retries")
        #expect(RetrySchedule(plan: .doubling(2)).description == "2 attempts, 2^(n-1) s apart")
        #expect(Plural.count(1, "attempt") == "1 attempt" && Plural.count(0, "payment") == "0 payments")
    }
}
