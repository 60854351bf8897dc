/// Why a decimal amount or rate could not be accepted.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case negative(String)
    case tooPrecise(String, currency: Currency)
    case tooLarge(String)
    case unknownCurrency(String)
    case rateTooPrecise(String, maximumDecimalPlaces: Int)
    case rateNotPositive(String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a decimal number such as \"15.50\""
        case .negative(let text): "'\(text)' is negative"
        case .tooPrecise(let text, let currency):
            "'\(text)' has more than \(currency.exponent) decimal places, the ISO 4217 minor unit of \(currency.code)"
        case .tooLarge(let text): "'\(text)' is too large"
        case .unknownCurrency(let code): "'\(code)' is not a currency Mekong carries"
        case .rateTooPrecise(let text, let places): "rate '\(text)' has more than \(places) decimal places"
        case .rateNotPositive(let text): "rate '\(text)' must be greater than zero"
        }
    }
}
