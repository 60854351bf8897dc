import MekongCore
import Store

/// A refund as the API shows it.
struct RefundView: Encodable {
    let id: String
    /// False for a test-mode object (made with an `mk_test_` key); live keys never see it.
    let livemode: Bool
    let paymentId: String
    let state: String
    let final: Bool
    let amount: AmountView
    let sourceAmount: AmountView
    let reason: String?
    let partnerReference: String?
    let error: PaymentView.ErrorView?
    let createdAt: String
    let updatedAt: String

    init(_ r: RefundRecord) {
        id = r.id
        livemode = ClientPartition.isLive(r.clientID)
        paymentId = r.paymentID
        state = r.state.rawValue
        final = r.state.isFinal
        amount = AmountView(r.destination)
        sourceAmount = AmountView(r.source)
        reason = r.reason
        partnerReference = r.partnerReference
        error = r.errorCode.flatMap { number in
            ErrorCode.number(number).map {
                PaymentView.ErrorView(code: number, category: $0.category.rawValue, message: r.errorMessage ?? $0.summary, retryable: $0.retryable)
            }
        }
        createdAt = RFC3339.string(from: r.createdAt)
        updatedAt = RFC3339.string(from: r.updatedAt)
    }
}
