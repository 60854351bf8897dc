import Foundation
import MekongCore
import Store

/// A compliance officer's decision on a held payment. Releasing it hands it off as usual (it
/// is due at once; the dispatcher on any instance takes it); rejecting it ends it REJECTED with
/// 6002 and `payment.rejected`, and nothing is sent to the partner. The decision, the payment's
/// transition and the audit row commit together, or not at all.
struct ScreeningReviewDesk: Sendable {
    let reviews: ScreeningReviewRepository
    let payments: PaymentRepository
    let dispatcher: PaymentDispatcher
    let clock: any WallClock

    func decide(paymentID: String, release: Bool, reason: String, caller: Caller, sourceAddress: String?) async throws -> ScreeningReviewRecord {
        guard let payment = try await payments.find(id: paymentID, clientID: nil) else {
            throw APIError(.notFound, "payment '\(paymentID)' not found")
        }
        guard let review = try await reviews.find(paymentID: paymentID) else {
            throw APIError(.notFound, "payment '\(paymentID)' was never held for review")
        }
        guard review.status == .open, payment.isHeldForReview else {
            throw APIError(
                .stateConflict, "the review of \(paymentID) is already \(review.status.rawValue)", details: ["status": review.status.rawValue])
        }
        let now = clock.now()
        let event: PaymentEvent = release ? .reviewReleased : .reviewRejected
        let detail = "\(release ? "released" : "rejected") by compliance review: \(reason)"
        let change = try PaymentEvents.change(payment, event, detail: detail, at: now, next: release ? now : nil)
        switch try await reviews.decide(
            change, release: release, keyID: caller.keyID, clientID: caller.clientID, reason: reason, sourceAddress: sourceAddress)
        {
        case .decided(let decided):
            if release, let released = try await payments.find(id: paymentID, clientID: nil) { dispatcher.enqueue(released) }
            return decided
        case .notFound:
            throw APIError(.notFound, "payment '\(paymentID)' was never held for review")
        case .alreadyDecided(let status):
            throw APIError(.stateConflict, "the review of \(paymentID) is already \(status.rawValue)", details: ["status": status.rawValue])
        case .paymentMoved:
            throw APIError(.stateConflict, "\(paymentID) moved on while it was being decided; read it again")
        }
    }
}
