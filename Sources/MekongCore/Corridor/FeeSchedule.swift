/// The fee charged to the payer for one payment type, in the source currency.
///
/// fee = fixed(source currency) + amount × percentBasisPoints / 10 000, the percentage part
/// rounded **up** to the source currency's minor unit. The fee is paid on top of the amount.
public struct FeeSchedule: Sendable, Equatable {
    /// A fixed fee per source currency. A source currency absent here pays no fixed fee.
    public let fixed: [Currency: Money]
    public let percentBasisPoints: Int

    public init(fixed: [Currency: Money], percentBasisPoints: Int) {
        self.fixed = fixed
        self.percentBasisPoints = percentBasisPoints
    }

    public static let free = FeeSchedule(fixed: [:], percentBasisPoints: 0)

    /// The fee for sending `amount`.
    public func fee(for amount: Money) -> Money {
        let fixedPart = fixed[amount.currency]?.minorUnits ?? 0
        let product = Int128(amount.minorUnits) * Int128(percentBasisPoints)
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: 10_000)
        let percentPart = Int64(quotient) + (remainder > 0 ? 1 : 0)
        return Money(minorUnits: fixedPart + percentPart, currency: amount.currency)
    }
}
