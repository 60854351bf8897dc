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
            let arrival = Int64(i) * Self.second / 100  // 100 requests a second arrive
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

    @Test("take: a burst up to capacity is allowed, the rest refused without using tokens, with the wait until the next token")
    func takeRefusesWithoutQueueing() {
        var bucket = TokenBucket(ratePerSecond: 10, capacity: 20, nowNanoseconds: 0)
        let answers = (0..<30).map { _ in bucket.take(atNanoseconds: 0) }
        #expect(answers.prefix(20).allSatisfy { $0 == 0 })
        #expect(answers.suffix(10).allSatisfy { $0 == Self.second / 10 }, "refusals do not dig the bucket deeper")
        // 250 ms later two tokens (and a half) have come back.
        let later = (0..<3).map { _ in bucket.take(atNanoseconds: Self.second / 4) }
        #expect(later == [0, 0, Self.second / 20])
        // Never more than capacity, however long it waits.
        let afterAnHour = (0..<21).map { _ in bucket.take(atNanoseconds: 3600 * Self.second) }
        #expect(afterAnHour.filter { $0 == 0 }.count == 20)
    }
}
