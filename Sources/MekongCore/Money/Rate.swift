/// An exchange rate in fixed point: `units / 10^10` units of the quote currency per
/// one unit of the base currency.
///
/// Ten decimal places carry every reference rate Mekong sees (KHR→THB is about
/// 0.0085) with room to spare; a rate given with more places is refused.
public struct Rate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public static let decimalPlaces = 10
    public static let scale: Int64 = 10_000_000_000

    public let units: Int64

    public init(units: Int64) { self.units = units }

    /// Parses `"35.1200"`.
    /// - Throws: `MoneyError` when malformed, not positive, or too precise.
    public init(parsing text: String) throws(MoneyError) {
        let decimal = try DecimalText(text)
        guard !decimal.negative else { throw .rateNotPositive(text) }
        guard decimal.fractionDigits.count <= Rate.decimalPlaces else {
            throw .rateTooPrecise(text, maximumDecimalPlaces: Rate.decimalPlaces)
        }
        var digits = decimal.integerDigits + decimal.fractionDigits
        digits += Array(repeating: 0, count: Rate.decimalPlaces - decimal.fractionDigits.count)
        var value: Int64 = 0
        for digit in digits {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { throw .tooLarge(text) }
            value = next
        }
        guard value > 0 else { throw .rateNotPositive(text) }
        units = value
    }

    /// The rate as a decimal string with trailing zeros removed (at least one decimal place).
    public var decimalString: String {
        let integer = units / Rate.scale
        var fraction = String(units % Rate.scale)
        fraction = String(repeating: "0", count: Rate.decimalPlaces - fraction.count) + fraction
        while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(integer).\(fraction)"
    }

    public var description: String { decimalString }

    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.units < rhs.units }

    /// The customer rate: this rate less a spread in basis points, rounded down
    /// (toward zero) to 10 decimal places, so the spread is never under-charged.
    public func lessSpread(basisPoints: Int) -> Rate {
        precondition((0..<10_000).contains(basisPoints), "spread must be 0..<10000 bp")
        let product = Int128(units) * Int128(10_000 - basisPoints)
        return Rate(units: Int64(product / 10_000))
    }

    /// Converts `amount` into `target` at this rate, rounding **down** to the target's
    /// minor unit (the beneficiary never receives a fraction the gateway was not paid for).
    public func convert(_ amount: Money, to target: Currency) -> Money {
        let numerator = Int128(amount.minorUnits) * Int128(units) * Int128(target.minorUnitsPerMajor)
        let denominator = Int128(Rate.scale) * Int128(amount.currency.minorUnitsPerMajor)
        return Money(minorUnits: Int64(numerator / denominator), currency: target)
    }

    /// The smallest source amount that converts to at least `target` at this rate.
    /// Used to express a destination-currency limit in the source currency.
    public func sourceAmount(reaching target: Money, from source: Currency) -> Money {
        let numerator = Int128(target.minorUnits) * Int128(Rate.scale) * Int128(source.minorUnitsPerMajor)
        let denominator = Int128(units) * Int128(target.currency.minorUnitsPerMajor)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return Money(minorUnits: Int64(quotient + (remainder > 0 ? 1 : 0)), currency: source)
    }
}
