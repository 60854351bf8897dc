public import Foundation

/// One movement of a position, as its append-only ledger holds it.
public struct LiquidityEntry: Sendable, Equatable {
    public let id: Int64
    public let corridorID: String
    /// opening, topup, adjustment, reservation, release, settlement, refund or inbound.
    public let kind: String
    public let balanceDeltaMinor: Int64
    public let reservedDeltaMinor: Int64
    public let paymentID: String?
    public let requestID: String?
    public let note: String?
    public let at: Date

    public static let kinds = ["opening", "topup", "adjustment", "reservation", "release", "settlement", "refund", "inbound"]

    public init(
        id: Int64, corridorID: String, kind: String, balanceDeltaMinor: Int64, reservedDeltaMinor: Int64, paymentID: String?,
        requestID: String?, note: String?, at: Date
    ) {
        self.id = id
        self.corridorID = corridorID
        self.kind = kind
        self.balanceDeltaMinor = balanceDeltaMinor
        self.reservedDeltaMinor = reservedDeltaMinor
        self.paymentID = paymentID
        self.requestID = requestID
        self.note = note
        self.at = at
    }
}
