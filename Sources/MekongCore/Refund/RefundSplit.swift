/// How much of a settled payment a refund returns, in both currencies.
///
/// A refund is asked for in either the payment's source or destination currency; the other
/// side is the same proportion of the payment, rounded down. A refund that completes the
/// payment returns exactly what is left on both sides, so partial refunds never drift. Neither
/// side can exceed what remains. The fee is not refunded.
public struct RefundSplit: Sendable, Equatable {
    public let destination: Money
    public let source: Money

    public init(destination: Money, source: Money) {
        self.destination = destination
        self.source = source
    }

    public enum Refusal: Error, Equatable {
        case wrongCurrency
        case notPositive
        case exceedsRemaining(remainingDestination: Money, remainingSource: Money)
    }

    /// - Parameters:
    ///   - requested: the amount asked for, or nil for everything that remains.
    ///   - settledSource, settledDestination: the payment's two amounts.
    ///   - refundedSource, refundedDestination: what earlier refunds (not failed) already return.
    public static func split(
        requested: Money?, settledSource: Money, settledDestination: Money,
        refundedSource: Money, refundedDestination: Money
    ) throws(Refusal) -> RefundSplit {
        let remainingSource = Money(minorUnits: settledSource.minorUnits - refundedSource.minorUnits, currency: settledSource.currency)
        let remainingDestination = Money(
            minorUnits: settledDestination.minorUnits - refundedDestination.minorUnits, currency: settledDestination.currency)
        let exceeds = Refusal.exceedsRemaining(remainingDestination: remainingDestination, remainingSource: remainingSource)
        guard let requested else {
            guard remainingDestination.minorUnits > 0 else { throw exceeds }
            return RefundSplit(destination: remainingDestination, source: remainingSource)
        }
        guard requested.minorUnits > 0 else { throw .notPositive }
        let destination: Money
        let source: Money
        if requested.currency == settledDestination.currency {
            destination = requested
            source =
                requested == remainingDestination
                ? remainingSource
                : Money(
                    minorUnits: proportion(requested.minorUnits, of: settledDestination.minorUnits, applied: settledSource.minorUnits),
                    currency: settledSource.currency)
        } else if requested.currency == settledSource.currency {
            source = requested
            destination =
                requested == remainingSource
                ? remainingDestination
                : Money(
                    minorUnits: proportion(requested.minorUnits, of: settledSource.minorUnits, applied: settledDestination.minorUnits),
                    currency: settledDestination.currency)
        } else {
            throw .wrongCurrency
        }
        guard destination.minorUnits <= remainingDestination.minorUnits, source.minorUnits <= remainingSource.minorUnits,
            destination.minorUnits > 0
        else { throw exceeds }
        return RefundSplit(destination: destination, source: source)
    }

    /// part / whole × applied, rounded down.
    static func proportion(_ part: Int64, of whole: Int64, applied: Int64) -> Int64 {
        Int64(Int128(part) * Int128(applied) / Int128(whole))
    }
}
