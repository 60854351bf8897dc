import Synchronization

/// The one timer behind every `Deadline.run`: a loop that wakes every `Deadline.checkInterval`
/// while calls are watched and expires those past their end or whose abandon condition gives
/// a reason. One shared loop instead of a sleeping task per call: a cancelled `Task.sleep`
/// still leaves its timer queued until it would have fired, and the database calls that use
/// deadlines number hundreds per second.
final class DeadlineWatch: Sendable {
    static let shared = DeadlineWatch()

    private struct Watched {
        let end: ContinuousClock.Instant
        let limit: Duration
        let abandonWhen: (@Sendable () -> (any Error)?)?
        let expire: @Sendable (any Error) -> Void
    }

    private struct State {
        var nextTicket: UInt64 = 0
        var watched: [UInt64: Watched] = [:]
        var looping = false
    }

    private let state = Mutex(State())

    /// Watches a call until `forget(ticket)`; `expire` is called (at most once) when it runs out.
    func watch(limit: Duration, abandonWhen: (@Sendable () -> (any Error)?)?, expire: @escaping @Sendable (any Error) -> Void) -> UInt64 {
        let (ticket, startLoop) = state.withLock { state in
            state.nextTicket += 1
            state.watched[state.nextTicket] = Watched(end: .now + limit, limit: limit, abandonWhen: abandonWhen, expire: expire)
            defer { state.looping = true }
            return (state.nextTicket, !state.looping)
        }
        if startLoop { Task { await self.loop() } }
        return ticket
    }

    func forget(_ ticket: UInt64) {
        _ = state.withLock { $0.watched.removeValue(forKey: ticket) }
    }

    /// Runs while anything is watched; the next `watch` starts it again.
    private func loop() async {
        while true {
            try? await Task.sleep(for: Deadline.checkInterval)
            let now = ContinuousClock.now
            guard let watched = state.withLock({ state -> [UInt64: Watched]? in
                if state.watched.isEmpty { state.looping = false; return nil }
                return state.watched
            }) else { return }
            for (ticket, call) in watched {
                let reason: (any Error)? = now >= call.end ? DeadlineExceeded(limit: call.limit) : call.abandonWhen?()
                guard let reason else { continue }
                forget(ticket)
                call.expire(reason)
            }
        }
    }
}
