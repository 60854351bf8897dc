import Foundation
import MekongCore
import Testing

@Suite("The circuit breaker as a value: closed, open, half-open, closed")
struct CircuitBreakerTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("N failures in a row open it; a success in between resets the count")
    func opens() {
        var breaker = CircuitBreaker(failureThreshold: 3, openDuration: 30)
        breaker.recordFailure("503", at: start)
        breaker.recordFailure("503", at: start)
        breaker.recordSuccess(at: start)
        breaker.recordFailure("503", at: start)
        breaker.recordFailure("503", at: start)
        #expect(breaker.state == .closed && breaker.permit(at: start) == .allowed)
        breaker.recordFailure("timeout", at: start)
        #expect(breaker.state == .open(until: start.addingTimeInterval(30)) && breaker.trips == 1 && breaker.lastFailure == "timeout")
        #expect(breaker.permit(at: start.addingTimeInterval(29)) == .refused(until: start.addingTimeInterval(30)))
        #expect(breaker.suspendedUntil(at: start.addingTimeInterval(29)) == start.addingTimeInterval(30))
        #expect(breaker.suspendedUntil(at: start.addingTimeInterval(30)) == nil, "due a probe: payments are taken again")
    }

    @Test("after the open period one probe goes; others wait; its success closes, its failure reopens")
    func probes() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 10)
        breaker.recordFailure("503", at: start)
        let due = start.addingTimeInterval(10)
        #expect(breaker.permit(at: due) == .probe)
        #expect(breaker.state == .halfOpen(probeStartedAt: due))
        #expect(breaker.permit(at: due.addingTimeInterval(1)) == .refused(until: due.addingTimeInterval(10)), "one probe at a time")
        var failed = breaker
        failed.recordFailure("503", at: due.addingTimeInterval(1))
        #expect(failed.state == .open(until: due.addingTimeInterval(11)) && failed.trips == 2)
        breaker.recordSuccess(at: due.addingTimeInterval(1))
        #expect(breaker.state == .closed && breaker.consecutiveFailures == 0 && breaker.since == due.addingTimeInterval(1))
    }

    @Test("a probe that never reports is replaced after the open period; late failures while open do not extend it")
    func lostProbe() {
        var breaker = CircuitBreaker(failureThreshold: 1, openDuration: 10)
        breaker.recordFailure("503", at: start)
        breaker.recordFailure("late answer", at: start.addingTimeInterval(5))
        #expect(breaker.state == .open(until: start.addingTimeInterval(10)) && breaker.trips == 1)
        #expect(breaker.permit(at: start.addingTimeInterval(10)) == .probe)
        #expect(breaker.permit(at: start.addingTimeInterval(20)) == .probe)
    }
}
