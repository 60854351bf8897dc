import Foundation

/// When a failed webhook delivery is tried again.
///
/// - Without `maxAttempts` the NBC guide's schedule applies: 5 s, 15 s, 45 s, 135 s after the
///   1st, 2nd, 3rd and 4th attempts, 5 attempts in all.
/// - With `maxAttempts` n (1–10) the BakongPay table applies: attempt k comes 2^(k−1) s after
///   attempt k−1, n attempts in all.
///
/// Each delay gets ±10 % jitter, is scaled by `percent` (100 in production; tests shorten
/// it), and is never shorter than a Retry-After the receiver sent.
public struct RetrySchedule: Sendable, Equatable {
    public let maxAttempts: Int?
    public let percent: Int

    public init(maxAttempts: Int?, percent: Int = 100) {
        self.maxAttempts = maxAttempts
        self.percent = percent
    }

    public static let nbcDelays: [Int] = [5, 15, 45, 135]

    /// How many attempts a delivery gets.
    public var attempts: Int { maxAttempts ?? (Self.nbcDelays.count + 1) }

    /// The delay in milliseconds, before jitter, after attempt `attempt` failed; nil when it was the last.
    public func baseDelayMilliseconds(after attempt: Int) -> Int? {
        guard attempt >= 1, attempt < attempts else { return nil }
        let seconds = maxAttempts == nil ? Self.nbcDelays[attempt - 1] : 1 << attempt   // attempt k+1 waits 2^k s
        return seconds * 1000 * percent / 100
    }

    /// The delay after attempt `attempt` failed, with jitter in [−10 %, +10 %] (`jitter` in
    /// −1000…1000 per mille of that 10 %) and at least `retryAfterSeconds` (unscaled).
    public func delayMilliseconds(after attempt: Int, jitter: Int, retryAfterSeconds: Int?) -> Int? {
        guard let base = baseDelayMilliseconds(after: attempt) else { return nil }
        let jittered = base + base * max(-1000, min(1000, jitter)) / 10_000
        return max(jittered, (retryAfterSeconds ?? 0) * 1000)
    }
}
