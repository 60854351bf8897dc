/// The numbers of a quote: what the payer sends and pays, the rates, and what arrives.
public struct PricedQuote: Sendable, Equatable {
    public let sourceAmount: Money
    public let fee: Money
    /// sourceAmount + fee: what the payer is debited.
    public let totalDebit: Money
    public let referenceRate: Rate
    public let customerRate: Rate
    public let destinationAmount: Money
    public let snapshotID: String

    public init(
        sourceAmount: Money, fee: Money, totalDebit: Money, referenceRate: Rate, customerRate: Rate,
        destinationAmount: Money, snapshotID: String
    ) {
        self.sourceAmount = sourceAmount
        self.fee = fee
        self.totalDebit = totalDebit
        self.referenceRate = referenceRate
        self.customerRate = customerRate
        self.destinationAmount = destinationAmount
        self.snapshotID = snapshotID
    }
}
