/// The corridor's spread over the reference rate and its fee per payment type.
public struct CorridorPricing: Sendable, Equatable {
    /// Basis points taken off the reference rate to give the customer rate.
    public let spreadBasisPoints: Int
    public let fees: [PaymentType: FeeSchedule]

    public init(spreadBasisPoints: Int, fees: [PaymentType: FeeSchedule]) {
        self.spreadBasisPoints = spreadBasisPoints
        self.fees = fees
    }

    public func fee(for type: PaymentType) -> FeeSchedule { fees[type] ?? .free }
}
