/// A store-and-forward corridor: payments are submitted together, one batch per settlement
/// cycle, and the partner answers for each item.
public protocol BatchCorridorAdapter: CorridorAdapter {
    /// Submits a cycle's batch. The partner dedupes on `batchID`, so re-submitting after an
    /// ambiguous answer returns the first result.
    func submitBatch(id batchID: String, cycle: SettlementCycle, _ instructions: [TransferInstruction]) async -> BatchOutcome
}
