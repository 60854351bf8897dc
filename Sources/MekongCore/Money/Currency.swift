/// An ISO 4217 currency with its numeric code and minor-unit exponent.
///
/// Only the currencies Mekong's corridors carry are known; any other code is refused
/// rather than guessed at, because a wrong exponent moves money by a factor of ten.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The alphabetic code, for example `USD`.
    public let code: String
    /// The ISO 4217 numeric code, for example `840` (used by KHQR tag 53).
    public let numericCode: Int
    /// The number of decimal places of the minor unit (ISO 4217 "minor unit").
    public let exponent: Int

    public var description: String { code }

    public static let KHR = Currency(code: "KHR", numericCode: 116, exponent: 2)
    public static let USD = Currency(code: "USD", numericCode: 840, exponent: 2)
    public static let THB = Currency(code: "THB", numericCode: 764, exponent: 2)
    public static let MYR = Currency(code: "MYR", numericCode: 458, exponent: 2)
    public static let CNY = Currency(code: "CNY", numericCode: 156, exponent: 2)
    public static let VND = Currency(code: "VND", numericCode: 704, exponent: 0)
    public static let LAK = Currency(code: "LAK", numericCode: 418, exponent: 2)

    /// Every currency Mekong knows, by alphabetic code.
    public static let known: [String: Currency] = Dictionary(
        uniqueKeysWithValues: [KHR, USD, THB, MYR, CNY, VND, LAK].map { ($0.code, $0) }
    )

    /// Looks a currency up by its alphabetic code (exact, upper case).
    public static func named(_ code: String) -> Currency? { known[code] }

    /// Looks a currency up by its ISO 4217 numeric code.
    public static func numeric(_ number: Int) -> Currency? {
        known.values.first { $0.numericCode == number }
    }

    /// 10 raised to the exponent: how many minor units make one major unit.
    public var minorUnitsPerMajor: Int64 { Self.powerOfTen(exponent) }

    static func powerOfTen(_ n: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }
}
