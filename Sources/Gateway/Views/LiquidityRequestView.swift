import Foundation
import MekongCore
import Store

/// A top-up or adjustment and where it is in maker-checker.
struct LiquidityRequestView: Encodable, Sendable {
    let id: String
    let corridor: String
    let kind: String
    let amount: AmountView
    let note: String
    let status: String
    let requestedBy: String
    let requestedAt: String
    let decidedBy: String?
    let decidedAt: String?
    let decisionNote: String?

    init(_ r: LiquidityRequest) {
        id = r.id
        corridor = r.corridorID
        kind = r.kind.rawValue
        amount = AmountView(Money(minorUnits: r.amountMinor, currency: Currency.named(r.currency) ?? .USD))
        note = r.note
        status = r.status.rawValue
        requestedBy = r.requestedBy
        requestedAt = RFC3339.string(from: r.requestedAt)
        decidedBy = r.decidedBy
        decidedAt = r.decidedAt.map(RFC3339.string(from:))
        decisionNote = r.decisionNote
    }
}
