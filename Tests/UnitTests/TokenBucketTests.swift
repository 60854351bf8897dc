import MekongCore
import Testing

@Suite("Token bucket for partner rate limits, with injected time")
struct TokenBucketTests {
    static let second: Int64 = 1_000_000_000

    @Test("a burst up to capacity leaves at once; the rest queue at the rate")
    func burstThenRate() {
        var bucket = TokenBucket(ratePerSecond: 5, nowNanoseconds: 0)
        let waits = (0..<10).map { _ in bucket.reserve(atNanoseconds: 0) }
        #expect(waits.prefix(5).allSatisfy { $0 == 0 })
        #expect(waits.suffix(5).map { $0 / 1_000_000 } == [200, 400, 600, 800, 1000])
    }

    @Test("over any second, no more than rate + capacity requests leave")
    func neverFasterThanTheRate() {
        var bucket = TokenBucket(ratePerSecond: 10, nowNanoseconds: 0)
        var departures: [Int64] = []
        for i in 0..<100 {
            let arrival = Int64(i) * Self.second / 100   // 100 requests a second arrive
            departures.append(arrival + bucket.reserve(atNanoseconds: arrival))
        }
        for quarter in 0..<36 {
            let start = Int64(quarter) * Self.second / 4
            let inWindow = departures.filter { $0 >= start && $0 < start + Self.second }.count
            #expect(inWindow <= 20, "\(inWindow) departures in the second from \(start) ns")
        }
        #expect(departures.last! >= 9 * Self.second, "100 requests at 10/s with a burst of 10 take at least 9 s")
    }

    @Test("tokens refill while idle, but never beyond capacity")
    func refill() {
        var bucket = TokenBucket(ratePerSecond: 2, nowNanoseconds: 0)
        _ = bucket.reserve(atNanoseconds: 0)
        _ = bucket.reserve(atNanoseconds: 0)
        #expect(bucket.reserve(atNanoseconds: 0) == Self.second / 2)
        var idle = TokenBucket(ratePerSecond: 2, nowNanoseconds: 0)
        let waits = (0..<3).map { _ in idle.reserve(atNanoseconds: 100 * Self.second) }
        #expect(waits == [0, 0, Self.second / 2])
    }
}
