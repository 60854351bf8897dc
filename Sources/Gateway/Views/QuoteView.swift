import FX
import MekongCore
import Store

/// A quote as the API shows it.
struct QuoteView: Encodable {
    struct RateView: Encodable {
        let pair: String
        let reference: String
        let customer: String
        let spreadBps: Int
        let provider: String
        let snapshotId: String
    }
    struct LimitView: Encodable {
        let amount: String
        let currency: String
        let rule: String
    }

    let id: String
    /// False for a test-mode object (made with an `mk_test_` key); live keys never see it.
    let livemode: Bool
    let corridor: String
    let paymentType: String
    let direction = "outbound"
    let source: AmountView
    let fee: AmountView
    let totalDebit: AmountView
    let destination: AmountView
    let rate: RateView
    let limit: LimitView?
    let createdAt: String
    let expiresAt: String

    init(_ quote: QuoteRecord, spec: CorridorSpec) {
        let p = quote.priced
        id = quote.id
        livemode = ClientPartition.isLive(quote.clientID)
        corridor = quote.corridorID
        paymentType = quote.paymentType.rawValue
        source = AmountView(p.sourceAmount)
        fee = AmountView(p.fee)
        totalDebit = AmountView(p.totalDebit)
        destination = AmountView(p.destinationAmount)
        rate = RateView(
            pair: "\(p.sourceAmount.currency.code)/\(p.destinationAmount.currency.code)",
            reference: p.referenceRate.decimalString, customer: p.customerRate.decimalString,
            spreadBps: spec.pricing.spreadBasisPoints, provider: spec.fxProvider ?? "",
            snapshotId: p.snapshotID)
        limit = spec.limit(for: quote.paymentType).map {
            LimitView(amount: $0.decimalString, currency: $0.currency.code, rule: "\(spec.id).limits.\(quote.paymentType.rawValue)")
        }
        createdAt = RFC3339.string(from: quote.createdAt)
        expiresAt = RFC3339.string(from: quote.expiresAt)
    }
}
