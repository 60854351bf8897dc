/// An exact amount of money: an integer count of the currency's minor units.
///
/// Amounts travel as decimal strings (`"15.50"`) and are parsed without any binary
/// floating point. A string with more decimal places than the currency's ISO 4217
/// exponent is refused, never rounded.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    public let minorUnits: Int64
    public let currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// The largest amount accepted anywhere: 10^15 minor units, far above every limit,
    /// and small enough that every product with a rate fits in 128 bits.
    public static let maximumMinorUnits: Int64 = 1_000_000_000_000_000

    /// Parses a decimal string such as `"15.50"`, `"25000"` or `"0.01"`.
    /// - Throws: `MoneyError` when the text is not a plain decimal, is negative,
    ///   has more decimal places than the currency allows, or is too large.
    public init(parsing text: String, currency: Currency) throws(MoneyError) {
        let decimal = try DecimalText(text)
        guard !decimal.negative else { throw .negative(text) }
        guard decimal.fractionDigits.count <= currency.exponent else {
            throw .tooPrecise(text, currency: currency)
        }
        var padded = decimal.fractionDigits
        while padded.count < currency.exponent { padded.append(0) }
        var value: Int64 = 0
        for digit in decimal.integerDigits + padded {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(digit))
            guard !o1, !o2, next <= Money.maximumMinorUnits else { throw .tooLarge(text) }
            value = next
        }
        self.init(minorUnits: value, currency: currency)
    }

    /// The amount as a plain decimal string with exactly `exponent` decimal places.
    public var decimalString: String {
        let exponent = currency.exponent
        let magnitude = minorUnits.magnitude
        let digits = String(magnitude)
        let sign = minorUnits < 0 ? "-" : ""
        guard exponent > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, exponent + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -exponent)
        return sign + padded[..<split] + "." + padded[split...]
    }

    public var description: String { "\(currency.code) \(decimalString)" }

    public var isZero: Bool { minorUnits == 0 }

    /// Adds two amounts of the same currency.
    public func adding(_ other: Money) -> Money {
        precondition(other.currency == currency, "adding \(other.currency) to \(currency)")
        return Money(minorUnits: minorUnits + other.minorUnits, currency: currency)
    }
}

extension Money: Comparable {
    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "comparing \(lhs.currency) with \(rhs.currency)")
        return lhs.minorUnits < rhs.minorUnits
    }
}
