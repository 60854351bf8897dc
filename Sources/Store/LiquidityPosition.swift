public import Foundation

/// A corridor's prefunded position: its balance, what handed-off payments have reserved, and
/// what is available (balance − reserved), in minor units of its settlement currency.
public struct LiquidityPosition: Sendable, Equatable {
    public let corridorID: String
    public let currency: String
    public let balanceMinor: Int64
    public let reservedMinor: Int64
    public let updatedAt: Date
    /// Payments waiting for funds (hold 5002).
    public let queued: Int

    public var availableMinor: Int64 { balanceMinor - reservedMinor }

    public init(corridorID: String, currency: String, balanceMinor: Int64, reservedMinor: Int64, updatedAt: Date, queued: Int) {
        self.corridorID = corridorID
        self.currency = currency
        self.balanceMinor = balanceMinor
        self.reservedMinor = reservedMinor
        self.updatedAt = updatedAt
        self.queued = queued
    }
}
