import Foundation
import MekongCore

/// One line of a partner's settlement file, in Mekong's terms.
struct SettlementRow: Sendable, Equatable {
    /// The transfer's reference: Mekong's payment id for outbound transfers.
    let reference: String
    let amount: Money
    let counterparty: String
    let settledAt: Date
    let fee: Money
    /// Its line in the file (1-based), for messages.
    let line: Int
}
