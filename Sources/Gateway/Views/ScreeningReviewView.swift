import Foundation
import MekongCore
import Store

/// A held payment's review for the compliance officer: the payment (accounts masked), every
/// possible match with both names, the list entry and the score, and the decision.
struct ScreeningReviewView: Encodable, Sendable {
    let paymentId: String
    let corridor: String
    let direction: String
    let status: String
    let topScore: String
    let hits: ExactJSON
    let payment: PaymentView?
    let createdAt: String
    let decidedBy: String?
    let decidedAt: String?
    let reason: String?

    init(_ r: ScreeningReviewRecord, payment: PaymentView?) {
        paymentId = r.paymentID
        corridor = r.corridorID
        direction = r.direction
        status = r.status.rawValue
        topScore = PartyScreening.figure(r.topScore)
        hits = (try? ExactJSON.parse(Array(r.hits.utf8))) ?? .array([])
        self.payment = payment
        createdAt = RFC3339.string(from: r.createdAt)
        decidedBy = r.decidedBy
        decidedAt = r.decidedAt.map(RFC3339.string(from:))
        reason = r.reason
    }
}
