import Corridors
import Foundation
import Logging
import MekongCore
import Store

/// A dispatch stage for batch corridors (KH-MY): on each sweep, claims every closed settlement
/// cycle that still holds payments (a lease row, so exactly one instance submits it), submits
/// its batch under a stable id, and fans the per-item results out through the state machine;
/// items still pending move to the next cycle.
struct SettlementCycleRunner: Sendable {
    let payments: PaymentRepository
    let cycles: SettlementCycleRepository
    let catalog: CorridorCatalog
    let clock: any WallClock
    let logger: Logger
    let exchangeKeeper: ExchangeKeeper
    /// How long a claimed cycle stays this instance's.
    let lease: TimeInterval
    /// This instance's name on cycle leases.
    let instanceID = Identifier.make("gw")

    /// Submits every closed cycle of every batch corridor that this instance can claim, and
    /// fans each batch's results out to its payments.
    func runDue() async {
        for entry in catalog.entries {
            guard let adapter = entry.adapter as? any BatchCorridorAdapter, case .batch(let seconds) = entry.spec.settlement else { continue }
            // No batch goes out while ops have the corridor disabled; its cycles wait.
            if catalog.board.closure(entry.spec.id, at: clock.now()) != nil { continue }
            // Nor while its circuit breaker is open: the cycles wait for the probe time.
            if case .refused = catalog.breakers.permit(entry.spec.id, at: clock.now()) { continue }
            do {
                let now = clock.now()
                for cycle in try await cycles.dueCycles(corridorID: entry.spec.id, now: now) {
                    guard
                        try await cycles.claim(
                            corridorID: entry.spec.id, cycle: cycle, owner: instanceID, now: now,
                            leaseUntil: now.addingTimeInterval(lease))
                    else {
                        // Already settled (or another instance holds it): late joiners go to the next cycle.
                        if let next = SettlementCycle.joining(at: max(cycle.closesAt, now), hours: entry.spec.hours, cycleSeconds: seconds) {
                            try await cycles.reassignStragglers(corridorID: entry.spec.id, cycle: cycle, next: next)
                        }
                        continue
                    }
                    try await settle(cycle, adapter: adapter, testAdapter: entry.testAdapter as? any BatchCorridorAdapter, cycleSeconds: seconds)
                }
            } catch {
                logger.warning(
                    "settlement cycle failed; it will be retried when its lease expires",
                    metadata: ["corridor": "\(entry.spec.id)", "error": "\(StoreError.summary(error))"])
            }
        }
    }

    /// Submits a closed cycle: its live payments as one batch to the partner, its test-mode
    /// payments (if any) as another to the partner's sandbox (`test_endpoint`, batch id `…-TEST`).
    private func settle(
        _ cycle: SettlementCycle, adapter: any BatchCorridorAdapter, testAdapter: (any BatchCorridorAdapter)?,
        cycleSeconds: Int
    ) async throws {
        let corridor = adapter.spec.id
        let all = try await cycles.members(corridorID: corridor, cycle: cycle)
        let batchID = cycle.batchID(corridor: corridor)
        var settled = 0
        var rejected = 0
        let live = all.filter(\.livemode)
        let test = all.filter { !$0.livemode }
        for (members, batchAdapter, id) in [(live, adapter, batchID), (test, testAdapter, batchID + "-TEST")] where !members.isEmpty {
            guard let batchAdapter else { continue }  // no test partner: test payments wait (acceptance refuses new ones)
            switch await exchangeKeeper.recorded(
                about: members.map(\.id), { await batchAdapter.submitBatch(id: id, cycle: cycle, members.map(\.instruction)) })
            {
            case .ambiguous(let reason):
                catalog.breakers.recordFailure(corridor, reason, at: clock.now())
                logger.warning("batch answer ambiguous; re-submitting after the lease", metadata: ["batch": "\(id)", "reason": "\(reason)"])
                return
            case .processed(let results):
                let now = clock.now()
                catalog.breakers.recordSuccess(corridor, at: now)
                for payment in members {
                    switch results[payment.id] {
                    case .settled(let reference)?:
                        var change = try PaymentEvents.change(payment, .partnerSettled, detail: "settled in batch \(id)", at: now, next: nil)
                        change.partnerReference = reference
                        if try await payments.apply(change) { settled += 1 }
                    case .rejected(let code, let message)?:
                        if try await payments.apply(try PaymentEvents.change(payment, .partnerRejected(code), detail: message, at: now, next: nil)) {
                            rejected += 1
                        }
                    default:
                        break  // pending or missing: it moves to the next cycle below
                    }
                }
            }
        }
        let next = SettlementCycle.joining(at: cycle.closesAt, hours: adapter.spec.hours, cycleSeconds: cycleSeconds)
        try await cycles.markSettled(
            corridorID: corridor, cycle: cycle, items: all.count, settled: settled, rejected: rejected,
            next: next, now: clock.now())
        logger.info(
            "settlement cycle done", metadata: ["batch": "\(batchID)", "items": "\(all.count)", "settled": "\(settled)", "rejected": "\(rejected)"])
    }
}
