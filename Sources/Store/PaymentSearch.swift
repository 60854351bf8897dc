public import Foundation
public import MekongCore

/// What staff search payments by: a reference (the payment's id, the partner's reference or
/// the partner's transfer reference, exactly), a state, a corridor and a creation window.
/// Newest first, a page at a time.
public struct PaymentSearch: Sendable, Equatable {
    public var reference: String?
    public var state: PaymentState?
    public var corridorID: String?
    /// Created at or after.
    public var from: Date?
    /// Created before.
    public var to: Date?
    public var limit: Int
    public var offset: Int

    public init(reference: String? = nil, state: PaymentState? = nil, corridorID: String? = nil, from: Date? = nil, to: Date? = nil,
                limit: Int = 50, offset: Int = 0) {
        self.reference = reference
        self.state = state
        self.corridorID = corridorID
        self.from = from
        self.to = to
        self.limit = limit
        self.offset = offset
    }
}
