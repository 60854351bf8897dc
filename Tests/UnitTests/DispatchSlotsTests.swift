import Synchronization
import Testing

@testable import Gateway

/// `DispatchSlots`: never more holders than slots, waiters served in the order they came, and
/// `available` zero while anyone waits.
@Suite("Dispatch slots")
struct DispatchSlotsTests {
    @Test("two slots: two holders, a third waits until one is given back")
    func waits() async throws {
        let slots = DispatchSlots(2)
        await slots.acquire()
        await slots.acquire()
        #expect(slots.available == 0)
        let third = Atomic<Bool>(false)
        let waiter = Task {
            await slots.acquire()
            third.store(true, ordering: .sequentiallyConsistent)
        }
        try await Task.sleep(for: .milliseconds(100))
        let before = third.load(ordering: .sequentiallyConsistent)
        #expect(!before, "no slot was free")
        slots.release()
        await waiter.value
        let after = third.load(ordering: .sequentiallyConsistent)
        #expect(after)
        #expect(slots.available == 0)
        slots.release()
        slots.release()
        #expect(slots.available == 2)
    }

    @Test("waiters are served first come, first served")
    func order() async throws {
        let slots = DispatchSlots(1)
        await slots.acquire()
        let served = Tally()
        var waiters: [Task<Void, Never>] = []
        for number in 0..<5 {
            waiters.append(
                Task {
                    await slots.acquire()
                    served.note(number)
                    slots.release()
                })
            // Each waiter queues before the next is started.
            while slots.waiting < number + 1 { await Task.yield() }
        }
        slots.release()
        for waiter in waiters { await waiter.value }
        let order = served.order
        #expect(order == [0, 1, 2, 3, 4])
        #expect(slots.available == 1)
    }

    @Test("200 tasks through 3 slots: never more than 3 at once, every one served")
    func bound() async {
        let slots = DispatchSlots(3)
        let tally = Tally()
        await withDiscardingTaskGroup { group in
            for _ in 0..<200 {
                group.addTask {
                    await slots.acquire()
                    tally.enter()
                    await Task.yield()
                    tally.leave()
                    slots.release()
                }
            }
        }
        let highest = tally.most
        let served = tally.done
        #expect(highest <= 3 && highest >= 1)
        #expect(served == 200)
        #expect(slots.available == 3)
    }
}

/// What the tasks of a test did: the order they were served in, and how many held a slot at once.
private final class Tally: Sendable {
    private struct Counts {
        var order: [Int] = []
        var running = 0
        var most = 0
        var done = 0
    }
    private let counts = Mutex(Counts())
    var order: [Int] { counts.withLock { $0.order } }
    var most: Int { counts.withLock { $0.most } }
    var done: Int { counts.withLock { $0.done } }
    func note(_ number: Int) { counts.withLock { $0.order.append(number) } }
    func enter() {
        counts.withLock {
            $0.running += 1
            $0.most = max($0.most, $0.running)
        }
    }
    func leave() {
        counts.withLock {
            $0.running -= 1
            $0.done += 1
        }
    }
}
