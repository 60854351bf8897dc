/// What Mekong tells a partner about an inbound credit, rendered in the partner's format.
public struct InboundStatus: Sendable, Equatable {
    public let partnerReference: String
    public let paymentID: String?
    public let state: PaymentState?
    public let credited: Money?
    public let error: MekongError?

    public init(partnerReference: String, paymentID: String?, state: PaymentState?, credited: Money?, error: MekongError?) {
        self.partnerReference = partnerReference
        self.paymentID = paymentID
        self.state = state
        self.credited = credited
        self.error = error
    }
}
