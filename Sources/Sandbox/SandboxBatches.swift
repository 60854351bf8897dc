/// Batches a sandbox partner has processed, by batch id, with the item answers it gave, so
/// that a re-submitted batch gets the same answer and tests can count submissions.
actor SandboxBatches {
    struct Summary: Sendable, Encodable {
        let BatchId: String
        let NbOfTxs: Int
        let Submissions: Int
    }

    private var answers: [String: [[String: String]]] = [:]
    private var order: [String] = []
    private var submissions: [String: Int] = [:]

    /// Counts a submission and returns the earlier answer, if the batch was processed before.
    func answer(for batchID: String) -> [[String: String]]? {
        submissions[batchID, default: 0] += 1
        return answers[batchID]
    }

    func record(_ batchID: String, items: [[String: String]]) {
        if answers[batchID] == nil { order.append(batchID) }
        answers[batchID] = items
    }

    func all() -> [Summary] {
        order.map { Summary(BatchId: $0, NbOfTxs: answers[$0]?.count ?? 0, Submissions: submissions[$0, default: 0]) }
    }
}
