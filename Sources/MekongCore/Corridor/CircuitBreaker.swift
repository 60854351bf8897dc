public import Foundation

/// One corridor's circuit breaker, as a pure value: after `failureThreshold` consecutive
/// partner failures it opens (the corridor is suspended) for `openDuration`; then one probe
/// call is let through (half-open); the probe's success closes it, its failure opens it again.
///
/// A failure is a call with no usable answer (timeout, reset, 5xx, 429, unreachable); a
/// partner's definite answer, refusals included, is a success of the link.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed
        /// Suspended: no partner calls until `until`.
        case open(until: Date)
        /// One probe is under way since `probeStartedAt`.
        case halfOpen(probeStartedAt: Date)

        public var name: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half_open"
            }
        }
    }

    /// What a caller may do now.
    public enum Permission: Sendable, Equatable {
        case allowed
        /// This call is the half-open probe: record its result.
        case probe
        /// No call before `until`.
        case refused(until: Date)
    }

    public let failureThreshold: Int
    public let openDuration: TimeInterval
    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    /// How many times it has opened.
    public private(set) var trips = 0
    /// When the state last changed.
    public private(set) var since: Date?
    public private(set) var lastFailure: String?

    public init(failureThreshold: Int, openDuration: TimeInterval) {
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }

    /// Asks to call the partner at `now`. A probe that never reports back (its caller died)
    /// is replaced by a new one after `openDuration`.
    public mutating func permit(at now: Date) -> Permission {
        switch state {
        case .closed:
            return .allowed
        case .open(let until):
            guard now >= until else { return .refused(until: until) }
            move(to: .halfOpen(probeStartedAt: now), at: now)
            return .probe
        case .halfOpen(let started):
            let deadline = started.addingTimeInterval(openDuration)
            guard now >= deadline else { return .refused(until: deadline) }
            move(to: .halfOpen(probeStartedAt: now), at: now)
            return .probe
        }
    }

    public mutating func recordSuccess(at now: Date) {
        consecutiveFailures = 0
        if state != .closed { move(to: .closed, at: now) }
    }

    public mutating func recordFailure(_ reason: String, at now: Date) {
        consecutiveFailures += 1
        lastFailure = reason
        switch state {
        case .halfOpen:
            trip(at: now)
        case .closed where consecutiveFailures >= failureThreshold:
            trip(at: now)
        default:
            break  // open already: a late answer to a call made before the trip
        }
    }

    /// The end of the suspension if new payments are refused at `now`: open, and not yet
    /// due a probe. Half-open takes payments, so that one of them can be the probe.
    public func suspendedUntil(at now: Date) -> Date? {
        if case .open(let until) = state, now < until { return until }
        return nil
    }

    private mutating func trip(at now: Date) {
        trips += 1
        move(to: .open(until: now.addingTimeInterval(openDuration)), at: now)
    }

    private mutating func move(to next: State, at now: Date) {
        state = next
        since = now
    }
}
