import Synchronization

/// Joins concurrent calls into batches, so that one database statement (and one commit)
/// serves many requests: PostgreSQL's own group commit, one level up.
///
/// A call that finds fewer than `maxInFlight` batches running starts one at once with what is
/// waiting (itself, when alone): a lone request never waits for company, and there is no
/// timer. Calls that arrive while the batches run wait for the next one, which takes up to
/// `maxBatch` of them in arrival order. So batches grow with the load by themselves: under
/// light load each holds one call; under heavy load, as many as arrived during one statement.
///
/// At most `maxWaiting` calls wait; one more is refused at once with `GroupCommitOverloaded`
/// (load shedding: under an offered load above capacity, answers stay fast and memory flat).
///
/// `flush` answers every item of a batch on its own (`Result` per item, in order), so a
/// refusal or a conflict of one item does not fail the others. If `flush` throws, or answers
/// with the wrong count, every item of that batch gets the error.
public final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    public typealias Flush = @Sendable ([Item]) async throws -> [Result<Output, any Error>]

    private struct Waiting {
        let item: Item
        let continuation: CheckedContinuation<Output, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var running = 0
    }

    public let maxBatch: Int
    public let maxInFlight: Int
    public let maxWaiting: Int
    private let flush: Flush
    private let state = Mutex(State())

    public init(maxBatch: Int, maxInFlight: Int, maxWaiting: Int? = nil, flush: @escaping Flush) {
        precondition(maxBatch >= 1 && maxInFlight >= 1)
        self.maxBatch = maxBatch
        self.maxInFlight = maxInFlight
        self.maxWaiting = maxWaiting ?? maxBatch * 8
        self.flush = flush
    }

    /// Adds `item` to the next batch and returns its own answer once that batch is done.
    public func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let batch: [Waiting]? = state.withLock { state in
                guard state.waiting.count < maxWaiting else {
                    continuation.resume(throwing: GroupCommitOverloaded(waiting: state.waiting.count))
                    return nil
                }
                state.waiting.append(Waiting(item: item, continuation: continuation))
                guard state.running < maxInFlight else { return nil }
                state.running += 1
                return take(&state)
            }
            if let batch { Task { await self.run(batch) } }
        }
    }

    /// Calls waiting for the next batch.
    public var waiting: Int { state.withLock { $0.waiting.count } }

    private func take(_ state: inout State) -> [Waiting] {
        let count = min(maxBatch, state.waiting.count)
        let batch = Array(state.waiting.prefix(count))
        state.waiting.removeFirst(count)
        return batch
    }

    /// Runs `batch`, then whatever arrived meanwhile, until nothing waits.
    private func run(_ first: [Waiting]) async {
        var batch = first
        while true {
            await answer(batch)
            let next: [Waiting]? = state.withLock { state in
                guard !state.waiting.isEmpty else {
                    state.running -= 1
                    return nil
                }
                return take(&state)
            }
            guard let next else { return }
            batch = next
        }
    }

    private func answer(_ batch: [Waiting]) async {
        do {
            let results = try await flush(batch.map(\.item))
            guard results.count == batch.count else {
                throw GroupCommitMismatch(expected: batch.count, answered: results.count)
            }
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(with: result) }
        } catch {
            for waiting in batch { waiting.continuation.resume(throwing: error) }
        }
    }
}
