import Synchronization

/// The shared state of one `Deadline.run`: the caller's continuation, resumed by whichever of
/// the operation, the timer or the caller's cancellation settles first, and the two tasks,
/// cancelled as soon as it is settled (so a finished operation stops its timer at once).
final class DeadlineRace<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var outcome: Result<Value, any Error>?
        var tasks: [Task<Void, Never>] = []
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

    /// Keeps a task to cancel once settled; cancels it at once if already settled.
    func track(_ task: Task<Void, Never>) {
        let settled = state.withLock { state in
            if state.outcome == nil { state.tasks.append(task) }
            return state.outcome != nil
        }
        if settled { task.cancel() }
    }

    /// The first outcome wins; later ones are ignored.
    func settle(_ outcome: Result<Value, any Error>) {
        let (continuation, tasks): (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) = state.withLock { state in
            guard state.outcome == nil else { return (nil, []) }
            state.outcome = outcome
            defer {
                state.continuation = nil
                state.tasks = []
            }
            return (state.continuation, state.tasks)
        }
        continuation?.resume(with: outcome)
        for task in tasks { task.cancel() }
    }
}
