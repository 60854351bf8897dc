import MekongCore
import Synchronization
import Testing

/// `GroupCommit`: a lone call runs at once; calls arriving while a batch runs join the next;
/// no batch exceeds its bound nor more than `maxInFlight` run at once; each call gets its own
/// answer, and one item's failure does not fail the others.
@Suite("Group commit")
struct GroupCommitTests {
    struct Refused: Error, Equatable { let item: Int }

    /// A flush that holds each batch until released, and records what it was given.
    final class HeldFlush: Sendable {
        private let state = Mutex<(batches: [[Int]], running: Int, mostRunning: Int, open: Bool)>(([], 0, 0, false))

        func flush(_ items: [Int]) async throws -> [Result<Int, any Error>] {
            state.withLock { s in
                s.batches.append(items)
                s.running += 1
                s.mostRunning = max(s.mostRunning, s.running)
            }
            while !state.withLock({ $0.open }) { try await Task.sleep(for: .milliseconds(1)) }
            state.withLock { $0.running -= 1 }
            return items.map { $0 % 7 == 0 ? .failure(Refused(item: $0)) : .success($0 * 10) }
        }

        func open() { state.withLock { $0.open = true } }
        var batches: [[Int]] { state.withLock { $0.batches } }
        var mostRunning: Int { state.withLock { $0.mostRunning } }
    }

    @Test("a lone call is flushed at once, in a batch of one")
    func lone() async throws {
        let held = HeldFlush()
        held.open()
        let commit = GroupCommit<Int, Int>(maxBatch: 8, maxInFlight: 1) { try await held.flush($0) }
        let answer = try await commit.submit(3)
        #expect(answer == 30)
        #expect(held.batches == [[3]])
    }

    @Test("calls arriving during a batch join the next; bounds on size and in-flight batches hold")
    func joins() async throws {
        let held = HeldFlush()
        let commit = GroupCommit<Int, Int>(maxBatch: 4, maxInFlight: 1) { try await held.flush($0) }
        // The first call starts a batch of one and is held there.
        let first = Task { try await commit.submit(1) }
        while held.batches.isEmpty { await Task.yield() }
        // Ten more arrive while it runs.
        var rest: [Task<Int, any Error>] = []
        for item in 2...11 { rest.append(Task { try await commit.submit(item) }) }
        while commit.waiting < 10 { try await Task.sleep(for: .milliseconds(1)) }
        held.open()
        #expect(try await first.value == 10)
        for (index, task) in rest.enumerated() {
            let item = index + 2
            if item % 7 == 0 {
                await #expect(throws: Refused(item: item)) { try await task.value }
            } else {
                #expect(try await task.value == item * 10)
            }
        }
        let batches = held.batches
        #expect(batches.first == [1])
        #expect(batches.dropFirst().allSatisfy { $0.count <= 4 })
        #expect(batches.dropFirst().count == 3, "ten waiting calls in batches of at most four: \(batches)")
        #expect(batches.flatMap { $0 }.sorted() == Array(1...11))
        #expect(held.mostRunning == 1)
    }

    @Test("up to maxInFlight batches run side by side")
    func inFlight() async throws {
        let held = HeldFlush()
        let commit = GroupCommit<Int, Int>(maxBatch: 100, maxInFlight: 2) { try await held.flush($0) }
        let a = Task { try await commit.submit(1) }
        let b = Task { try await commit.submit(2) }
        while held.batches.count < 2 { await Task.yield() }
        let c = Task { try await commit.submit(3) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(held.batches.count == 2, "a third batch must wait for one of the two running")
        held.open()
        _ = try await (a.value, b.value, c.value)
        #expect(held.mostRunning == 2)
        #expect(held.batches.count == 3)
    }

    @Test("past maxWaiting a call is refused at once, and nothing of it reaches a batch")
    func sheds() async throws {
        let held = HeldFlush()
        let commit = GroupCommit<Int, Int>(maxBatch: 4, maxInFlight: 1, maxWaiting: 3) { try await held.flush($0) }
        let first = Task { try await commit.submit(1) }
        while held.batches.isEmpty { await Task.yield() }
        let waiting = (2...4).map { item in Task { try await commit.submit(item) } }
        while commit.waiting < 3 { try await Task.sleep(for: .milliseconds(1)) }
        await #expect(throws: GroupCommitOverloaded.self) { try await commit.submit(5) }
        held.open()
        _ = try await first.value
        for task in waiting { _ = try await task.value }
        #expect(held.batches.flatMap { $0 }.sorted() == [1, 2, 3, 4])
    }

    @Test("a flush that throws fails every call of its batch, and the next batch runs")
    func throwing() async throws {
        struct Down: Error {}
        let calls = Atomic<Int>(0)
        let commit = GroupCommit<Int, Int>(maxBatch: 8, maxInFlight: 1) { items in
            if calls.add(1, ordering: .relaxed).newValue == 1 { throw Down() }
            return items.map { .success($0) }
        }
        await #expect(throws: Down.self) { try await commit.submit(1) }
        #expect(try await commit.submit(2) == 2)
    }

    @Test("a flush answering the wrong number of items fails its calls instead of leaving them waiting")
    func mismatch() async throws {
        let commit = GroupCommit<Int, Int>(maxBatch: 8, maxInFlight: 1) { _ in [] }
        await #expect(throws: GroupCommitMismatch.self) { try await commit.submit(1) }
    }
}
