import Synchronization

/// The shared state of one `Deadline.run`: the caller's continuation, resumed by whichever of
/// the operation, the deadline watch or the caller's cancellation settles first, and what to
/// do once it is settled (cancel the operation, stop watching it).
final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var outcome: Result<Value, any Error>?
        var afterwards: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())

    /// Keeps the caller's continuation; resumes it at once if the race was settled before
    /// (cancellation may come first).
    func start(_ continuation: CheckedContinuation<Value, any Error>) {
        let settled: Result<Value, any Error>? = state.withLock { state in
            guard let outcome = state.outcome else {
                state.continuation = continuation
                return nil
            }
            return outcome
        }
        if let settled { continuation.resume(with: settled) }
    }

    /// Runs `action` once settled (at once if already settled).
    func whenSettled(_ action: @escaping @Sendable () -> Void) {
        let settled = state.withLock { state in
            if state.outcome == nil { state.afterwards.append(action) }
            return state.outcome != nil
        }
        if settled { action() }
    }

    /// The first outcome wins; later ones are ignored.
    func settle(_ outcome: Result<Value, any Error>) {
        let (continuation, afterwards): (CheckedContinuation<Value, any Error>?, [@Sendable () -> Void]) = state.withLock { state in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = outcome
            defer { state.continuation = nil; state.afterwards = [] }
            return (state.continuation, state.afterwards)
        }
        continuation?.resume(with: outcome)
        for action in afterwards { action() }
    }
}
