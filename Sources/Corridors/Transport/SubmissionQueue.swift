import Synchronization

/// Transfers handed to the transport, waiting for its thread to pick them up.
final class SubmissionQueue: Sendable {
    private struct State {
        var submitted: [Transfer] = []
        var stopping = false
    }

    private let state = Mutex(State())

    /// Queues a transfer; false once the transport is shutting down.
    func submit(_ transfer: Transfer) -> Bool {
        state.withLock { state in
            guard !state.stopping else { return false }
            state.submitted.append(transfer)
            return true
        }
    }

    /// Takes everything queued, and whether the transport is stopping.
    func take() -> (transfers: [Transfer], stopping: Bool) {
        state.withLock { state in
            let taken = state.submitted
            state.submitted.removeAll()
            return (taken, state.stopping)
        }
    }

    func stop() {
        state.withLock { $0.stopping = true }
    }
}
