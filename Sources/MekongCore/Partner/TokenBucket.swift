/// A token bucket: `ratePerSecond` tokens a second, holding at most `capacity`.
///
/// `reserve(at:)` takes one token and returns how long the caller must wait for it (zero if
/// one was there). Reservations queue: the bucket may go below zero, and each later caller
/// waits its turn, so requests leave at the configured rate however many arrive at once.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerSecond: Double
    public let capacity: Double
    private var tokens: Double
    private var updatedAt: Double

    public init(ratePerSecond: Int, capacity: Int? = nil, now: Double) {
        self.ratePerSecond = Double(max(1, ratePerSecond))
        self.capacity = Double(max(1, capacity ?? ratePerSecond))
        self.tokens = self.capacity
        self.updatedAt = now
    }

    /// Takes a token at `now` (seconds on any monotonic scale); returns the seconds to wait.
    public mutating func reserve(at now: Double) -> Double {
        tokens = min(capacity, tokens + max(0, now - updatedAt) * ratePerSecond)
        updatedAt = max(updatedAt, now)
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / ratePerSecond
    }
}
