/// A corridor's prefunded position (`liquidity` in its spec): what a shortfall does, the marks
/// treasury is alerted at, and the balance the position opens with.
public struct LiquidityPolicy: Sendable, Equatable {
    /// What a hand-off that the available balance cannot cover does.
    public enum Shortfall: String, Sendable {
        /// The payment waits (hold 5002) and goes, first in first out, when treasury tops up.
        case queue
        /// The payment is refused (5003): at acceptance when the position shows it short, or
        /// REJECTED at hand-off when others took the balance first.
        case refuse
    }

    public let onShortfall: Shortfall
    /// Below it, `liquidity.low` (in the settlement currency).
    public let lowWater: Money
    /// Below it, `liquidity.critical`.
    public let critical: Money
    /// The position's first balance, written once as its opening entry when it is created.
    public let openingBalance: Money
    /// A settled inbound credit adds its amount to the position (`inbound: credit`): the
    /// partner's money comes into this account.
    public let inboundCredits: Bool

    public init(onShortfall: Shortfall, lowWater: Money, critical: Money, openingBalance: Money, inboundCredits: Bool = false) {
        self.onShortfall = onShortfall
        self.lowWater = lowWater
        self.critical = critical
        self.openingBalance = openingBalance
        self.inboundCredits = inboundCredits
    }
}
