import Foundation
import FX
import MekongCore

/// `POST /v1/payments/dry-run`: what would happen to this payment right now. Every check is
/// run and reported (route, hours, maintenance, rate, limit), the payment is priced when it
/// can be, and nothing is stored.
struct DryRun: Sendable {
    let catalog: CorridorCatalog
    let rates: RateDesk
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
        var checks = RouteCheck.evaluate(entry, catalog: catalog, type: type, source: amount.currency, at: now)
            .map { (view: CheckView(name: $0.name, passed: $0.refusal == nil, detail: $0.refusal?.message ?? $0.detail), refusal: $0.refusal) }
        var pricing: PricingView?
        if let provider = spec.fxProvider {
            do {
                let (snapshot, rate) = try rates.usableRate(provider: provider, pair: CurrencyPair(base: amount.currency, quote: spec.partnerCurrency), at: now)
                let priced = QuotePricer.price(amount: amount, type: type, pricing: spec.pricing, destination: spec.partnerCurrency,
                                               snapshotID: snapshot.id, referenceRate: rate)
                pricing = PricingView(source: AmountView(priced.sourceAmount), fee: AmountView(priced.fee), totalDebit: AmountView(priced.totalDebit),
                                      destination: AmountView(priced.destinationAmount), referenceRate: rate.decimalString,
                                      customerRate: priced.customerRate.decimalString, snapshotId: snapshot.id)
                checks.append((CheckView(name: "rate", passed: true, detail: "\(snapshot.id), \(Int(snapshot.age(at: now))) s old"), nil))
                let nothing = RouteCheck.nothingArrives(spec, source: amount, destination: priced.destinationAmount)
                checks.append((CheckView(name: "amount", passed: nothing == nil, detail: nothing?.message ?? "\(priced.destinationAmount) arrives"), nothing))
                let refusal = RouteCheck.limitRefusal(spec, type: type, destination: priced.destinationAmount)
                let limitText = spec.limit(for: type).map { "\(priced.destinationAmount) of at most \($0)" } ?? "no limit: type not offered"
                checks.append((CheckView(name: "limit", passed: refusal == nil, detail: refusal?.message ?? limitText), refusal))
            } catch {
                checks.append((CheckView(name: "rate", passed: false, detail: error.message), error))
            }
        }
        let windowEnd = maintenance.windowEnd(containing: now)
        checks.append((CheckView(name: "maintenance", passed: true,
                                 detail: windowEnd.map { "Bakong maintenance (4001): accepted and held until \(RFC3339.string(from: $0))" } ?? "no Bakong maintenance now"), nil))
        let refusal = checks.lazy.compactMap(\.refusal).first
        let settles: Date? = refusal == nil ? RouteCheck.expectedSettlement(spec, at: windowEnd ?? now) : nil
        return Answer(
            wouldAccept: refusal == nil, corridor: spec.id, partnerSystem: spec.partnerSystem, settlement: spec.settlement.name,
            checks: checks.map(\.view), pricing: pricing,
            refusal: refusal.map { ErrorView(code: $0.code.number, category: $0.code.category.rawValue, message: $0.message,
                                             retryable: $0.retryable, rule: $0.rule) },
            heldUntil: windowEnd.map(RFC3339.string(from:)),
            expectedSettlementAt: settles.map(RFC3339.string(from:)), evaluatedAt: RFC3339.string(from: now)
        )
    }
}
