import Foundation
import Store

/// When a failed webhook delivery is tried again. Three plans, each the one its users were promised:
///
/// - `.nbc`: the NBC guide's schedule for payment webhooks: 5 s, 15 s, 45 s, 135 s after the
///   1st, 2nd, 3rd and 4th attempts, 5 attempts in all.
/// - `.doubling(n)`: seed 003's BakongPay table, for a subscription made with `max_attempts`
///   n (1–10): attempt k comes 2^(k−1) s after attempt k−1, n attempts in all.
/// - `.khqrCharges`: seed 002's promise for KHQR charge webhooks: up to 3 retries, 1 min,
///   5 min and 15 min after the 1st, 2nd and 3rd attempts, 4 attempts in all.
///
/// Each delay gets ±10 % jitter, is scaled by `percent` (100 in production; tests shorten
/// it), and is never shorter than a Retry-After the receiver sent.
public struct RetrySchedule: Sendable, Equatable {
    public enum Plan: Sendable, Equatable {
        case nbc
        case doubling(Int)
        case khqrCharges
    }

    public let plan: Plan
    public let percent: Int

    public init(plan: Plan, percent: Int = 100) {
        self.plan = plan
        self.percent = percent
    }

    /// The plan a subscription gets: its `max_attempts` if it set one; seed 002's when it
    /// receives only KHQR charge events in the standard format (the merchant webhook); the
    /// NBC schedule otherwise.
    public init(for subscription: WebhookSubscription, percent: Int = 100) {
        if let attempts = subscription.maxAttempts {
            self.init(plan: .doubling(attempts), percent: percent)
        } else if subscription.format == "standard", !subscription.events.isEmpty, subscription.events.allSatisfy({ $0.hasPrefix("charge.") }) {
            self.init(plan: .khqrCharges, percent: percent)
        } else {
            self.init(plan: .nbc, percent: percent)
        }
    }

    public static let nbcDelays: [Int] = [5, 15, 45, 135]
    public static let khqrChargeDelays: [Int] = [60, 300, 900]

    /// How many attempts a delivery gets.
    public var attempts: Int {
        switch plan {
        case .nbc: Self.nbcDelays.count + 1
        case .doubling(let attempts): attempts
        case .khqrCharges: Self.khqrChargeDelays.count + 1
        }
    }

    /// The delay in milliseconds, before jitter, after attempt `attempt` failed; nil when it was the last.
    public func baseDelayMilliseconds(after attempt: Int) -> Int? {
        guard attempt >= 1, attempt < attempts else { return nil }
        let seconds =
            switch plan {
            case .nbc: Self.nbcDelays[attempt - 1]
            case .doubling: 1 << attempt  // attempt k+1 comes 2^k s after attempt k
            case .khqrCharges: Self.khqrChargeDelays[attempt - 1]
            }
        return seconds * 1000 * percent / 100
    }

    /// The delay after attempt `attempt` failed, with jitter in [−10 %, +10 %] (`jitter` in
    /// −1000…1000 per mille of that 10 %) and at least `retryAfterSeconds` (unscaled).
    public func delayMilliseconds(after attempt: Int, jitter: Int, retryAfterSeconds: Int?) -> Int? {
        guard let base = baseDelayMilliseconds(after: attempt) else { return nil }
        let jittered = base + base * max(-1000, min(1000, jitter)) / 10_000
        return max(jittered, (retryAfterSeconds ?? 0) * 1000)
    }

    /// The schedule in words, as the subscription shows it.
    public var description: String {
        switch plan {
        case .nbc: "nbc: 5 attempts, 5 s, 15 s, 45 s, 135 s apart"
        case .doubling(let attempts): attempts == 1 ? "1 attempt, no retries" : "\(attempts) attempts, 2^(n-1) s apart"
        case .khqrCharges: "khqr: 4 attempts, retried after 1 min, 5 min and 15 min"
        }
    }
}
