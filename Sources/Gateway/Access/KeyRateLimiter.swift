import Foundation
import MekongCore
import Synchronization

/// Per-key rate limits on this instance: one token bucket per API key, `ratePerSecond`
/// sustained with bursts of `burst`. A refused request costs no token and is told when the
/// next token will be there.
final class KeyRateLimiter: Sendable {
    private let buckets = Mutex<[String: TokenBucket]>([:])
    private let ratePerSecond: Int
    private let burst: Int
    private let now: @Sendable () -> Int64
    /// Real seconds per second of `now`'s clock.
    private let timeScale: Int

    init(ratePerSecond: Int, burst: Int, now: @escaping @Sendable () -> Int64 = { Int64(DispatchTime.now().uptimeNanoseconds) }, timeScale: Int = 1) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.now = now
        self.timeScale = timeScale
    }

    /// `perMinute` tokens a minute, bursts of `burst`: the bucket runs on a clock 60 times
    /// slower, so its "seconds" are minutes; waits are told in real seconds.
    convenience init(perMinute: Int, burst: Int) {
        self.init(ratePerSecond: perMinute, burst: burst, now: { Int64(DispatchTime.now().uptimeNanoseconds / 60) }, timeScale: 60)
    }

    /// Nil if `keyID` may go ahead (a token was taken); otherwise the whole seconds to wait,
    /// at least 1 (the value of Retry-After).
    func check(keyID: String) -> Int? {
        let instant = now()
        let wait = buckets.withLock { buckets in
            buckets[keyID, default: TokenBucket(ratePerSecond: ratePerSecond, capacity: burst, nowNanoseconds: instant)]
                .take(atNanoseconds: instant)
        }
        guard wait > 0 else { return nil }
        return Int(max(1, (wait * Int64(timeScale) + 999_999_999) / 1_000_000_000))
    }
}
