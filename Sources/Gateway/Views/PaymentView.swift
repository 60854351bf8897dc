import Foundation
import MekongCore
import Store

/// A payment as the API shows it: account numbers masked to their last four characters.
struct PaymentView: Encodable {
    struct PartyView: Encodable {
        let name: String
        let account: String
    }
    struct ErrorView: Encodable {
        let code: Int
        let category: String
        let message: String
        let retryable: Bool
    }
    struct HoldView: Encodable {
        let code: Int
        let reason: String
        let until: String?
        /// When a hold with no time to it ends: `when_funded` for a payment waiting for its
        /// corridor's settlement account to be topped up (5002).
        let eta: String?
    }
    struct HistoryView: Encodable {
        let sequence: Int
        let state: String
        let fromState: String?
        let event: String
        let errorCode: Int?
        /// What happened, in words ("settled in batch …", "joined the cycle closing at …").
        let detail: String?
        let at: String
    }

    let id: String
    /// False for a test-mode object (made with an `mk_test_` key); live keys never see it.
    let livemode: Bool
    /// The app's own reference, as given at creation.
    let reference: String?
    let state: String
    let final: Bool
    let corridor: String
    let paymentType: String
    let quoteId: String?
    let direction: String
    let partnerTransferRef: String?
    let source: AmountView
    let fee: AmountView
    let totalDebit: AmountView
    let destination: AmountView
    let customerRate: String
    let snapshotId: String
    let payer: PartyView
    let beneficiary: PartyView
    let error: ErrorView?
    let partnerReference: String?
    let needsReview: Bool
    /// Why the payment waits before hand-off, and until when (4001 during Bakong maintenance).
    let hold: HoldView?
    /// When the payment is expected to settle: the close of its batch cycle, or the end of a hold.
    let expectedSettlementAt: String?
    let createdAt: String
    let updatedAt: String
    let history: [HistoryView]

    init(_ p: PaymentRecord, history entries: [HistoryEntry], expectedSettlementAt expected: Date? = nil) {
        id = p.id
        livemode = p.livemode
        reference = p.clientReference
        state = p.state.rawValue
        final = p.state.isFinal
        corridor = p.corridorID
        paymentType = p.paymentType.rawValue
        quoteId = p.quoteID
        direction = p.direction.rawValue
        partnerTransferRef = p.partnerTransferRef
        source = AmountView(p.sourceAmount)
        fee = AmountView(p.fee)
        totalDebit = AmountView(p.sourceAmount.adding(p.fee))
        destination = AmountView(p.destinationAmount)
        customerRate = p.customerRate.decimalString
        snapshotId = p.snapshotID
        payer = PartyView(name: p.payerName, account: AccountMask.mask(p.payerAccount))
        beneficiary = PartyView(name: p.beneficiaryName, account: AccountMask.mask(p.beneficiaryAccount))
        error = p.errorCode.flatMap { number in
            ErrorCode.number(number).map {
                ErrorView(code: number, category: $0.category.rawValue, message: p.errorMessage ?? $0.summary, retryable: $0.retryable)
            }
        }
        partnerReference = p.partnerReference
        needsReview = p.needsReview
        hold = p.holdCode.flatMap { code in
            ErrorCode.number(code).map {
                HoldView(
                    code: code, reason: $0.summary, until: p.nextActionAt.map(RFC3339.string(from:)),
                    eta: code == ErrorCode.awaitingLiquidity.number ? "when_funded" : nil)
            }
        }
        // No expected settlement while held for review or waiting for funds: neither has a time.
        let settles =
            p.state.isFinal || p.isHeldForReview || p.holdCode == ErrorCode.awaitingLiquidity.number
            ? nil : (p.cycle?.closesAt ?? expected.map { max($0, p.holdCode != nil ? (p.nextActionAt ?? $0) : $0) })
        expectedSettlementAt = settles.map(RFC3339.string(from:))
        createdAt = RFC3339.string(from: p.createdAt)
        updatedAt = RFC3339.string(from: p.updatedAt)
        history = entries.map {
            HistoryView(
                sequence: $0.version, state: $0.toState.rawValue, fromState: $0.fromState?.rawValue, event: $0.event,
                errorCode: $0.errorCode, detail: $0.detail, at: RFC3339.string(from: $0.at))
        }
    }
}
