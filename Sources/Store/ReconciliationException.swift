public import Foundation

/// An item reconciliation could not match, waiting for a person.
public struct ReconciliationException: Sendable, Equatable, Codable {
    public let id: String
    public let runID: String
    public let reconciliationClass: String
    public let reference: String
    public let paymentID: String?
    public let detail: String
    public var status: String
    public var note: String?
    public var resolvedBy: String?
    public var resolvedAt: Date?

    public init(
        id: String, runID: String, reconciliationClass: String, reference: String, paymentID: String?, detail: String,
        status: String = "open", note: String? = nil, resolvedBy: String? = nil, resolvedAt: Date? = nil
    ) {
        self.id = id
        self.runID = runID
        self.reconciliationClass = reconciliationClass
        self.reference = reference
        self.paymentID = paymentID
        self.detail = detail
        self.status = status
        self.note = note
        self.resolvedBy = resolvedBy
        self.resolvedAt = resolvedAt
    }
}
