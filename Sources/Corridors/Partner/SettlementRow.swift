public import Foundation
public import MekongCore

/// One line of a partner's settlement file, in Mekong's terms.
public struct SettlementRow: Sendable, Equatable {
    /// The transfer's reference: Mekong's payment id for outbound transfers, the partner's
    /// reference for inbound ones.
    public let reference: String
    public let amount: Money
    public let counterparty: String
    public let settledAt: Date
    public let fee: Money
    /// Its line in the file (1-based), for messages.
    public let line: Int

    public init(reference: String, amount: Money, counterparty: String, settledAt: Date, fee: Money, line: Int) {
        self.reference = reference
        self.amount = amount
        self.counterparty = counterparty
        self.settledAt = settledAt
        self.fee = fee
        self.line = line
    }
}
