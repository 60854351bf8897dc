public import MekongCore

/// Prices a payment on a corridor from a reference rate.
///
/// Rounding rules (each tested):
/// 1. customer rate = reference rate × (1 − spread bp / 10 000), rounded down to 10 places;
/// 2. destination amount = source amount × customer rate, rounded down to the destination
///    currency's minor unit;
/// 3. fee = fixed + source amount × percent bp / 10 000, the percentage rounded up to the
///    source currency's minor unit.
public enum QuotePricer {
    public static func price(
        amount: Money, type: PaymentType, pricing: CorridorPricing,
        destination: Currency, snapshotID: String, referenceRate: Rate
    ) -> PricedQuote {
        let customerRate = referenceRate.lessSpread(basisPoints: pricing.spreadBasisPoints)
        let fee = pricing.fee(for: type).fee(for: amount)
        return PricedQuote(
            sourceAmount: amount,
            fee: fee,
            totalDebit: amount.adding(fee),
            referenceRate: referenceRate,
            customerRate: customerRate,
            destinationAmount: customerRate.convert(amount, to: destination),
            snapshotID: snapshotID
        )
    }
}
