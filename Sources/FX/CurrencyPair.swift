public import MekongCore

/// A base and quote currency: a rate on `USD/THB` says how many THB one USD buys.
public struct CurrencyPair: Hashable, Sendable, CustomStringConvertible {
    public let base: Currency
    public let quote: Currency

    public init(base: Currency, quote: Currency) {
        self.base = base
        self.quote = quote
    }

    /// Parses `"USD/THB"`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let base = Currency.named(String(parts[0])),
            let quote = Currency.named(String(parts[1])), base != quote
        else { return nil }
        self.init(base: base, quote: quote)
    }

    public var description: String { "\(base.code)/\(quote.code)" }
}
