import FX
import Foundation
import MekongCore
import Store

/// `POST /v1/payments/dry-run`: what would happen to this payment right now. The payment is
/// priced when it can be, `CorridorJudge` runs every check and each is reported (route, hours,
/// maintenance, rate, amount, limit), and nothing is stored. With the payer's account it also
/// reports the sender's velocity allowance: each limit, what is used and what remains, and
/// whether this payment fits.
struct DryRun: Sendable {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let maintenance: MaintenanceCalendar
    let clock: any WallClock
    let allowance: SenderAllowance
    let liquidity: LiquidityRepository

    struct AllowanceView: Encodable {
        let rule: String
        let period: String
        let limit: AmountView
        let used: AmountView
        let remaining: AmountView
    }

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
        /// The sender's velocity allowance (with `payer_account`, on a corridor that sets limits).
        let allowance: [AllowanceView]?
        let evaluatedAt: String
    }

    func evaluate(corridorID: String, type: PaymentType, amount: Money, clientID: String, payerAccount: String?) async throws -> Answer {
        let now = clock.now()
        guard let entry = catalog.entry(corridorID) else { throw APIError(.notFound, "corridor '\(corridorID)' does not exist") }
        let spec = entry.spec
        let (priced, pricing) = QuoteIssuer.price(spec, type: type, amount: amount, rates: rates, at: now)
        let verdict = CorridorJudge.judge(
            entry, catalog: catalog, bakong: maintenance,
            CorridorJudge.Request(direction: .outbound, type: type, currency: amount.currency, pricing: pricing), at: now)
        var refusal = verdict.refusal
        var checks = verdict.checks.map { CheckView(name: $0.name, passed: $0.refusal == nil, detail: $0.detail) }
        var standing: [SenderAllowance.Standing]?
        if let payerAccount, spec.velocity[type] != nil {
            let found = try await allowance.standing(clientID: clientID, account: payerAccount, spec: spec, type: type, at: now)
            standing = found
            if let arrives = priced?.destinationAmount {
                let passed = found.first { $0.used.minorUnits + arrives.minorUnits > $0.limit.minorUnits }
                checks.append(
                    CheckView(
                        name: "velocity", passed: passed == nil,
                        detail: passed.map { "\(arrives) would pass \($0.rule): \($0.used) used, \($0.remaining) remains" }
                            ?? found.map { "\($0.rule): \($0.remaining) remains" }.joined(separator: "; ")))
                if refusal == nil, let passed { refusal = SenderAllowance.refusal(passed, amount: arrives, corridor: spec.id, type: type) }
            }
        }
        // A prefunded corridor: whether its settlement account covers the payment now.
        var fundedLater = false
        if let policy = spec.liquidity, let arrives = priced?.destinationAmount, let available = try await liquidity.available(corridorID: spec.id) {
            let money = Money(minorUnits: available, currency: spec.settlementCurrency)
            let covered = arrives.currency != money.currency || available >= arrives.minorUnits
            checks.append(
                CheckView(
                    name: "liquidity", passed: covered,
                    detail: covered
                        ? "\(spec.id)'s settlement account covers \(arrives)"
                        : "\(spec.id)'s settlement account has \(money) available, short of \(arrives): "
                            + (policy.onShortfall == .queue ? "the payment would wait for funds (5002)" : "refused (5003)")))
            if !covered, refusal == nil {
                if policy.onShortfall == .refuse {
                    refusal = MekongError(
                        .insufficientLiquidity, "\(spec.id)'s settlement account cannot pay \(arrives) now", rule: "\(spec.id).liquidity")
                } else {
                    fundedLater = true
                }
            }
        }
        let settles: Date? =
            refusal == nil && !fundedLater ? CorridorJudge.expectedSettlement(spec, at: verdict.heldUntil ?? now) : nil
        return Answer(
            wouldAccept: refusal == nil, corridor: spec.id, partnerSystem: spec.partnerSystem, settlement: spec.settlement.name,
            checks: checks,
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
            expectedSettlementAt: settles.map(RFC3339.string(from:)),
            allowance: standing.map {
                $0.map {
                    AllowanceView(
                        rule: $0.rule, period: $0.period.rawValue, limit: AmountView($0.limit), used: AmountView($0.used),
                        remaining: AmountView($0.remaining))
                }
            }, evaluatedAt: RFC3339.string(from: now)
        )
    }
}
