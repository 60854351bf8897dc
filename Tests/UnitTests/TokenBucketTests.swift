import MekongCore
import Testing

@Suite("Token bucket for partner rate limits, with injected time")
struct TokenBucketTests {
    @Test("a burst up to capacity leaves at once; the rest queue at the rate")
    func burstThenRate() {
        var bucket = TokenBucket(ratePerSecond: 5, now: 0)
        let waits = (0..<10).map { _ in bucket.reserve(at: 0) }
        #expect(waits.prefix(5).allSatisfy { $0 == 0 })
        #expect(waits.suffix(5).map { ($0 * 1000).rounded() } == [200, 400, 600, 800, 1000])
    }

    @Test("over any second, no more than rate + capacity requests leave")
    func neverFasterThanTheRate() {
        var bucket = TokenBucket(ratePerSecond: 10, now: 0)
        var departures: [Double] = []
        for i in 0..<100 {
            let arrival = Double(i) * 0.01   // 100 requests a second arrive
            departures.append(arrival + bucket.reserve(at: arrival))
        }
        for start in stride(from: 0.0, to: 9.0, by: 0.25) {
            let inWindow = departures.filter { $0 >= start && $0 < start + 1 }.count
            #expect(inWindow <= 20, "\(inWindow) departures in [\(start), \(start + 1))")
        }
        #expect(departures.last! >= 9.0, "100 requests at 10/s with a burst of 10 take at least 9 s")
    }

    @Test("tokens refill while idle, but never beyond capacity")
    func refill() {
        var bucket = TokenBucket(ratePerSecond: 2, now: 0)
        _ = bucket.reserve(at: 0)
        _ = bucket.reserve(at: 0)
        #expect(bucket.reserve(at: 0) == 0.5)
        var idle = TokenBucket(ratePerSecond: 2, now: 0)
        let waits = (0..<3).map { _ in idle.reserve(at: 100) }
        #expect(waits == [0, 0, 0.5])
    }
}
