public import Foundation
public import MekongCore

/// What payments are searched by. Staff: a reference (the payment's id, the partner's
/// reference or the partner's transfer reference, exactly). An app: only its own payments
/// (`clientID`), optionally by its own reference. Both: a state, a corridor and a creation
/// window. Newest first, a page at a time.
public struct PaymentSearch: Sendable, Equatable {
    public var reference: String?
    /// Only this client's payments (an app's own list); nil for staff.
    public var clientID: String?
    /// The app's own reference given at creation, exactly.
    public var clientReference: String?
    public var state: PaymentState?
    public var corridorID: String?
    /// Created at or after.
    public var from: Date?
    /// Created before.
    public var to: Date?
    public var page: PageRequest

    public init(
        reference: String? = nil, clientID: String? = nil, clientReference: String? = nil, state: PaymentState? = nil,
        corridorID: String? = nil, from: Date? = nil, to: Date? = nil, page: PageRequest = PageRequest()
    ) {
        self.reference = reference
        self.clientID = clientID
        self.clientReference = clientReference
        self.state = state
        self.corridorID = corridorID
        self.from = from
        self.to = to
        self.page = page
    }
}
