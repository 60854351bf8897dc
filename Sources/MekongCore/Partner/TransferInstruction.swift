/// One payment as a corridor adapter hands it to the partner.
public struct TransferInstruction: Sendable, Equatable {
    /// Mekong's reference for the payment (its `pay_` id); the partner dedupes on it.
    public let reference: String
    public let paymentType: PaymentType
    /// What the payer sent, in KHR or USD.
    public let sourceAmount: Money
    /// What the beneficiary receives, in the partner's currency.
    public let destinationAmount: Money
    public let payerName: String
    public let payerAccount: String
    public let beneficiaryName: String
    public let beneficiaryAccount: String

    public init(
        reference: String, paymentType: PaymentType, sourceAmount: Money, destinationAmount: Money,
        payerName: String, payerAccount: String, beneficiaryName: String, beneficiaryAccount: String
    ) {
        self.reference = reference
        self.paymentType = paymentType
        self.sourceAmount = sourceAmount
        self.destinationAmount = destinationAmount
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.beneficiaryName = beneficiaryName
        self.beneficiaryAccount = beneficiaryAccount
    }
}
