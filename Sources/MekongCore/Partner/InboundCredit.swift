/// A partner's instruction to credit a Cambodian payee, read from the partner's own format.
public struct InboundCredit: Sendable, Equatable {
    /// The partner's reference for the transfer; unique per corridor.
    public let partnerReference: String
    public let paymentType: PaymentType
    /// What the foreign payer sent, in the partner's currency.
    public let amount: Money
    /// The currency the Cambodian payee is credited in (KHR or USD).
    public let creditCurrency: Currency
    public let payerName: String
    public let payerAccount: String
    public let beneficiaryName: String
    /// The payee's Bakong account id.
    public let beneficiaryAccount: String
    /// The KHQR code the foreign wallet scanned, when the credit pays a merchant's charge
    /// (QR interoperability): the payee is then credited exactly the code's amount.
    public let khqr: String?

    public init(
        partnerReference: String, paymentType: PaymentType, amount: Money, creditCurrency: Currency,
        payerName: String, payerAccount: String, beneficiaryName: String, beneficiaryAccount: String, khqr: String? = nil
    ) {
        self.partnerReference = partnerReference
        self.paymentType = paymentType
        self.amount = amount
        self.creditCurrency = creditCurrency
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.beneficiaryName = beneficiaryName
        self.beneficiaryAccount = beneficiaryAccount
        self.khqr = khqr
    }
}
