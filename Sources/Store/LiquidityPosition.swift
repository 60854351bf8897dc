public import Foundation

/// A corridor's prefunded position: its balance, what handed-off payments have reserved, and
/// what is available (balance − reserved), in minor units of its settlement currency; the marks
/// treasury set over the spec's, and the level last announced.
public struct LiquidityPosition: Sendable, Equatable {
    public let corridorID: String
    public let currency: String
    public let balanceMinor: Int64
    public let reservedMinor: Int64
    public let updatedAt: Date
    /// Payments waiting for funds (hold 5002).
    public let queued: Int
    /// Treasury's marks, where set (nil: the spec's).
    public var lowWaterOverrideMinor: Int64?
    public var criticalOverrideMinor: Int64?
    public var marksSetBy: String?
    public var marksSetAt: Date?
    /// The level last announced (`ok`, `low`, `critical`) and since when.
    public var announcedLevel: String
    public var levelSince: Date?

    public var availableMinor: Int64 { balanceMinor - reservedMinor }
    /// Payments wait for funds, or nothing is available.
    public var isShort: Bool { queued > 0 || availableMinor == 0 }

    public init(
        corridorID: String, currency: String, balanceMinor: Int64, reservedMinor: Int64, updatedAt: Date, queued: Int,
        lowWaterOverrideMinor: Int64? = nil, criticalOverrideMinor: Int64? = nil, marksSetBy: String? = nil, marksSetAt: Date? = nil,
        announcedLevel: String = "ok", levelSince: Date? = nil
    ) {
        self.corridorID = corridorID
        self.currency = currency
        self.balanceMinor = balanceMinor
        self.reservedMinor = reservedMinor
        self.updatedAt = updatedAt
        self.queued = queued
        self.lowWaterOverrideMinor = lowWaterOverrideMinor
        self.criticalOverrideMinor = criticalOverrideMinor
        self.marksSetBy = marksSetBy
        self.marksSetAt = marksSetAt
        self.announcedLevel = announcedLevel
        self.levelSince = levelSince
    }
}
