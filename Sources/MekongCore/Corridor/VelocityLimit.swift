/// A corridor's rolling limits on what one sender moves, for one payment type: per calendar day
/// and per calendar month in Phnom Penh, in the corridor's partner currency (`limits.velocity`
/// in the spec). A sender is the app's client id together with the payer's account.
public struct VelocityLimit: Sendable, Equatable {
    /// A period a limit counts over.
    public enum Period: String, Sendable, CaseIterable {
        case daily
        case monthly
    }

    public let daily: Money?
    public let monthly: Money?

    public init(daily: Money?, monthly: Money?) {
        self.daily = daily
        self.monthly = monthly
    }

    /// The limits it sets, daily first.
    public var limits: [(Period, Money)] {
        [daily.map { (Period.daily, $0) }, monthly.map { (Period.monthly, $0) }].compactMap { $0 }
    }

    /// The rule a refusal names: `KH-TH.limits.velocity.P2P.daily`.
    public static func rule(corridor: String, type: PaymentType, period: Period) -> String {
        "\(corridor).limits.velocity.\(type.rawValue).\(period.rawValue)"
    }
}
