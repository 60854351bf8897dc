import MekongCore
import Synchronization
import Testing

/// `Deadline.run`: the operation's answer when it has one in time; `DeadlineExceeded` — and
/// the operation abandoned, not waited for — when it has none, even if it ignores cancellation.
@Suite("Deadline")
struct DeadlineTests {
    @Test("an operation that ends in time gives its value")
    func value() async throws {
        let answer = try await Deadline.run(within: .seconds(30)) { 42 }
        #expect(answer == 42)
    }

    @Test("an operation's own error reaches the caller")
    func error() async {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await Deadline.run(within: .seconds(30)) { () async throws -> Int in throw Refused() }
        }
    }

    @Test("an operation that ignores cancellation and never ends: DeadlineExceeded, while it still runs")
    func abandoned() async throws {
        let release = Atomic<Bool>(false)
        let running = Atomic<Bool>(false)
        let caught = await #expect(throws: DeadlineExceeded.self) {
            try await Deadline.run(within: .milliseconds(50)) { () async -> Int in
                running.store(true, ordering: .relaxed)
                // Deaf to cancellation, like a PostgreSQL call on a dead connection.
                while !release.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(5)) }
                running.store(false, ordering: .relaxed)
                return 1
            }
        }
        #expect(caught?.limit == .milliseconds(50))
        let stillRunning = running.load(ordering: .relaxed)
        #expect(stillRunning, "the caller was answered without waiting for the operation")
        release.store(true, ordering: .relaxed)
    }

    @Test("the caller's cancellation ends the wait with CancellationError and cancels the operation")
    func callerCancelled() async {
        let operationCancelled = Atomic<Bool>(false)
        let waiting = Task {
            try await Deadline.run(within: .seconds(60)) { () async -> Int in
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
                operationCancelled.store(true, ordering: .relaxed)
                return 0
            }
        }
        try? await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        for _ in 0..<200 where !operationCancelled.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(5)) }
        let cancelled = operationCancelled.load(ordering: .relaxed)
        #expect(cancelled)
    }

    @Test("abandonWhen: once it gives a reason, the wait ends with that reason, long before the deadline")
    func abandonedEarly() async {
        struct KnownDown: Error {}
        let down = Atomic<Bool>(false)
        let release = Atomic<Bool>(false)
        let waiting = Task {
            try await Deadline.run(within: .seconds(600), abandonWhen: { down.load(ordering: .relaxed) ? KnownDown() : nil }) { () async -> Int in
                while !release.load(ordering: .relaxed) { try? await Task.sleep(for: .milliseconds(5)) }
                return 1
            }
        }
        try? await Task.sleep(for: .milliseconds(150))
        down.store(true, ordering: .relaxed)
        await #expect(throws: KnownDown.self) { try await waiting.value }
        release.store(true, ordering: .relaxed)
    }
}
