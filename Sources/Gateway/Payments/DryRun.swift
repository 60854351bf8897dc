import FX
import Foundation
import MekongCore

/// `POST /v1/payments/dry-run`: what would happen to this payment right now. The payment is
/// priced when it can be, `CorridorJudge` runs every check and each is reported (route, hours,
/// maintenance, rate, amount, limit), and nothing is stored.
struct DryRun: Sendable {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let maintenance: MaintenanceCalendar
    let clock: any WallClock

    struct CheckView: Encodable {
        let name: String
        let passed: Bool
        let detail: String
    }
    struct PricingView: Encodable {
        let source: AmountView
        let fee: AmountView
        let totalDebit: AmountView
        let destination: AmountView
        let referenceRate: String
        let customerRate: String
        let snapshotId: String
    }
    struct ErrorView: Encodable {
        let code: Int
        let category: String
        let message: String
        let retryable: Bool
        let rule: String?
    }
    struct Answer: Encodable {
        let wouldAccept: Bool
        let corridor: String
        let partnerSystem: String
        let settlement: String
        let checks: [CheckView]
        let pricing: PricingView?
        let refusal: ErrorView?
        let heldUntil: String?
        let expectedSettlementAt: String?
        let evaluatedAt: String
    }

    func evaluate(corridorID: String, type: PaymentType, amount: Money) throws -> Answer {
        let now = clock.now()
        guard let entry = catalog.entry(corridorID) else { throw APIError(.notFound, "corridor '\(corridorID)' does not exist") }
        let spec = entry.spec
        let (priced, pricing) = QuoteIssuer.price(spec, type: type, amount: amount, rates: rates, at: now)
        let verdict = CorridorJudge.judge(
            entry, catalog: catalog, bakong: maintenance,
            CorridorJudge.Request(direction: .outbound, type: type, currency: amount.currency, pricing: pricing), at: now)
        let refusal = verdict.refusal
        let settles: Date? = refusal == nil ? CorridorJudge.expectedSettlement(spec, at: verdict.heldUntil ?? now) : nil
        return Answer(
            wouldAccept: refusal == nil, corridor: spec.id, partnerSystem: spec.partnerSystem, settlement: spec.settlement.name,
            checks: verdict.checks.map { CheckView(name: $0.name, passed: $0.refusal == nil, detail: $0.detail) },
            pricing: priced.map {
                PricingView(
                    source: AmountView($0.sourceAmount), fee: AmountView($0.fee), totalDebit: AmountView($0.totalDebit),
                    destination: AmountView($0.destinationAmount), referenceRate: $0.referenceRate.decimalString,
                    customerRate: $0.customerRate.decimalString, snapshotId: $0.snapshotID)
            },
            refusal: refusal.map {
                ErrorView(
                    code: $0.code.number, category: $0.code.category.rawValue, message: $0.message,
                    retryable: $0.retryable, rule: $0.rule)
            },
            heldUntil: verdict.heldUntil.map(RFC3339.string(from:)),
            expectedSettlementAt: settles.map(RFC3339.string(from:)), evaluatedAt: RFC3339.string(from: now)
        )
    }
}
