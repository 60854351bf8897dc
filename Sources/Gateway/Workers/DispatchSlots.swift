import Synchronization

/// The dispatcher's `dispatch.workers`: how many payment steps (hand-offs and inquiries, each
/// a partner call) one instance runs at once, whether the payment came from the in-process
/// queue or from the sweeper. Waiters are served first come, first served.
final class DispatchSlots: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ count: Int) {
        precondition(count > 0, "at least one dispatch worker")
        state = Mutex(State(free: count))
    }

    /// Slots no one holds or waits for now (the sweeper claims no more work than this).
    var available: Int { state.withLock { $0.waiters.isEmpty ? $0.free : 0 } }

    /// Steps waiting for a slot.
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Takes a slot, waiting for one to be given back if none is free.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                guard state.free > 0, state.waiters.isEmpty else {
                    state.waiters.append(continuation)
                    return false
                }
                state.free -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    /// Gives a slot back: to the longest waiter if there is one.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
