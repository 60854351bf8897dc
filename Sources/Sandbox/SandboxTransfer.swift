import Foundation

/// One transfer in a sandbox partner's ledger.
struct SandboxTransfer: Sendable, Codable {
    let corridor: String
    let instructionID: String
    let transactionID: String
    let amount: String
    let currency: String
    let creditorAccount: String
    var status: String
    var reasonCode: String?
    let receivedAt: Date
}
