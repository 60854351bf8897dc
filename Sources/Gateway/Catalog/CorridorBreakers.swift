import Foundation
public import Logging
public import MekongCore
import Metrics
import Store
import Synchronization

/// Every corridor's circuit breaker on this instance, with counts of partner calls for
/// `/metrics`. Each instance keeps its own breakers (as its own view of the partner link);
/// the dispatcher asks before each partner call and reports each answer.
public final class CorridorBreakers: Sendable {
    struct Counts: Sendable {
        var ok = 0
        var failed = 0
    }
    private let state: Mutex<(breakers: [String: CircuitBreaker], counts: [String: Counts])>
    private let failureThreshold: Int
    private let openDuration: TimeInterval
    private let logger: Logger

    public init(failureThreshold: Int, openDuration: TimeInterval, logger: Logger) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
        self.logger = logger
        state = Mutex(([:], [:]))
    }

    public func permit(_ corridorID: String, at now: Date) -> CircuitBreaker.Permission {
        let permission = state.withLock { state in
            var breaker = state.breakers[corridorID] ?? fresh()
            defer { state.breakers[corridorID] = breaker }
            return breaker.permit(at: now)
        }
        if permission == .probe { logger.info("circuit breaker half-open: probing the partner", metadata: ["corridor": "\(corridorID)"]) }
        return permission
    }

    /// Records a partner call's outcome: no usable answer is a failure, any definite answer a success.
    public func record(_ corridorID: String, _ outcome: PartnerOutcome, at now: Date) {
        switch outcome {
        case .ambiguous(let reason), .deferred(let reason, _): recordFailure(corridorID, reason, at: now)
        case .settled, .pending, .rejected, .notFound: recordSuccess(corridorID, at: now)
        }
    }

    private static let partnerCalls = MetricHandles { labels in
        Counter(label: "mekong_partner_calls_total", dimensions: [("corridor", labels[0]), ("result", labels[1])])
    }

    public func recordSuccess(_ corridorID: String, at now: Date) {
        let recovered = state.withLock { state in
            var breaker = state.breakers[corridorID] ?? fresh()
            let wasOpen = breaker.state != .closed
            breaker.recordSuccess(at: now)
            state.breakers[corridorID] = breaker
            state.counts[corridorID, default: Counts()].ok += 1
            return wasOpen
        }
        Self.partnerCalls(corridorID, "answered").increment()
        if recovered { logger.notice("circuit breaker closed: the partner answered", metadata: ["corridor": "\(corridorID)"]) }
    }

    public func recordFailure(_ corridorID: String, _ reason: String, at now: Date) {
        let tripped = state.withLock { state in
            var breaker = state.breakers[corridorID] ?? fresh()
            let trips = breaker.trips
            breaker.recordFailure(reason, at: now)
            state.breakers[corridorID] = breaker
            state.counts[corridorID, default: Counts()].failed += 1
            return breaker.trips > trips ? breaker : nil
        }
        Self.partnerCalls(corridorID, "failed").increment()
        if let tripped {
            Counter(label: "mekong_corridor_breaker_trips_total", dimensions: [("corridor", corridorID)]).increment()
            logger.warning(
                "circuit breaker open: corridor suspended",
                metadata: [
                    "corridor": "\(corridorID)", "consecutive_failures": "\(tripped.consecutiveFailures)", "last_failure": "\(reason)",
                ])
        }
    }

    /// The breaker of a corridor as it stands.
    public func breaker(_ corridorID: String) -> CircuitBreaker {
        state.withLock { $0.breakers[corridorID] } ?? fresh()
    }

    /// Partner calls answered and failed, per corridor, since start-up.
    func counts(_ corridorID: String) -> Counts {
        state.withLock { $0.counts[corridorID] } ?? Counts()
    }

    /// Why new payments on the corridor are refused at `now`, with the suspension's end, or nil.
    func suspension(_ corridorID: String, at now: Date) -> (reason: String, until: Date)? {
        let breaker = breaker(corridorID)
        guard let until = breaker.suspendedUntil(at: now) else { return nil }
        return (
            "\(corridorID) is suspended by its circuit breaker after \(breaker.consecutiveFailures) consecutive partner failures"
                + " (last: \(breaker.lastFailure ?? "unknown")); the next probe is at \(RFC3339.string(from: until))", until
        )
    }

    private func fresh() -> CircuitBreaker { CircuitBreaker(failureThreshold: failureThreshold, openDuration: openDuration) }
}
