/// A token bucket: `ratePerSecond` tokens a second, holding at most `capacity`, kept in
/// integer nanoseconds and nano-tokens (no floating point).
///
/// `reserve(at:)` takes one token and returns how many nanoseconds the caller must wait for it
/// (zero if one was there). Reservations queue: the bucket may go below zero, and each later
/// caller waits its turn, so requests leave at the configured rate however many arrive at once.
public struct TokenBucket: Sendable, Equatable {
    static let nano: Int64 = 1_000_000_000
    public let ratePerSecond: Int64
    public let capacity: Int64
    /// Tokens × 10^9.
    private var nanoTokens: Int64
    private var updatedAt: Int64

    public init(ratePerSecond: Int, capacity: Int? = nil, nowNanoseconds: Int64) {
        self.ratePerSecond = Int64(max(1, ratePerSecond))
        self.capacity = Int64(max(1, capacity ?? ratePerSecond))
        self.nanoTokens = self.capacity * Self.nano
        self.updatedAt = nowNanoseconds
    }

    /// Takes a token at `now` (nanoseconds on any monotonic scale); returns the nanoseconds to wait.
    public mutating func reserve(atNanoseconds now: Int64) -> Int64 {
        refill(at: now)
        nanoTokens -= Self.nano
        guard nanoTokens < 0 else { return 0 }
        return (-nanoTokens + ratePerSecond - 1) / ratePerSecond
    }

    /// Takes a token at `now` if one is there and returns 0; otherwise takes nothing and
    /// returns the nanoseconds until one will be (a refused request costs no token).
    public mutating func take(atNanoseconds now: Int64) -> Int64 {
        refill(at: now)
        if nanoTokens >= Self.nano {
            nanoTokens -= Self.nano
            return 0
        }
        return (Self.nano - nanoTokens + ratePerSecond - 1) / ratePerSecond
    }

    private mutating func refill(at now: Int64) {
        let elapsed = max(0, now - updatedAt)
        // elapsed ns × rate tokens/s = elapsed × rate nano-tokens
        let refill = elapsed.multipliedReportingOverflow(by: ratePerSecond)
        nanoTokens = refill.overflow ? capacity * Self.nano : min(capacity * Self.nano, nanoTokens + refill.partialValue)
        updatedAt = max(updatedAt, now)
    }
}
