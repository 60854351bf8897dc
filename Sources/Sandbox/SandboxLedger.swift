import Foundation

/// A sandbox partner's ledger: every transfer it received, deduplicated on the sender's
/// instruction id, so that the same payment sent twice is booked once.
actor SandboxLedger {
    private var transfers: [String: SandboxTransfer] = [:]
    private var order: [String] = []
    private var sequence = 0

    /// Books a transfer unless one with this instruction id exists; returns what is booked
    /// and whether it was new.
    func book(
        corridor: String, instructionID: String, amount: String, currency: String, creditorAccount: String,
        status: String, reasonCode: String?
    ) -> (SandboxTransfer, isNew: Bool) {
        let key = corridor + "/" + instructionID
        if let existing = transfers[key] { return (existing, false) }
        sequence += 1
        let transfer = SandboxTransfer(
            corridor: corridor, instructionID: instructionID,
            transactionID: "\(corridor.replacingOccurrences(of: "-", with: ""))\(String(format: "%010d", sequence))",
            amount: amount, currency: currency, creditorAccount: creditorAccount,
            status: status, reasonCode: reasonCode, receivedAt: Date())
        transfers[key] = transfer
        order.append(key)
        return (transfer, true)
    }

    func find(corridor: String, instructionID: String) -> SandboxTransfer? {
        transfers[corridor + "/" + instructionID]
    }

    func all() -> [SandboxTransfer] { order.compactMap { transfers[$0] } }
}
