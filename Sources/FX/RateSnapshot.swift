public import Foundation
public import MekongCore

/// One provider's reference rates as they took effect at one instant.
public struct RateSnapshot: Sendable, Equatable {
    /// Stable id: `<provider>@<effective time, RFC 3339>`, quoted on every quote and payment.
    public let id: String
    public let provider: String
    public let effectiveAt: Date
    public let rates: [CurrencyPair: Rate]
    /// Sample data shipped for development; refused unless the config allows it.
    public let isSample: Bool

    public init(provider: String, effectiveAt: Date, rates: [CurrencyPair: Rate], isSample: Bool) {
        self.provider = provider
        self.effectiveAt = effectiveAt
        self.rates = rates
        self.isSample = isSample
        self.id = "\(provider)@\(RFC3339.string(from: effectiveAt))"
    }

    public func rate(for pair: CurrencyPair) -> Rate? { rates[pair] }

    /// How old the snapshot is at `instant`.
    public func age(at instant: Date) -> TimeInterval { instant.timeIntervalSince(effectiveAt) }

    /// The same rates, effective at another instant (used to re-stamp sample data).
    public func restamped(effectiveAt instant: Date) -> RateSnapshot {
        RateSnapshot(provider: provider, effectiveAt: instant, rates: rates, isSample: isSample)
    }
}
