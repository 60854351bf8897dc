import FX
import Foundation
import MekongCore
import Store

/// Prices quotes: locks the rate from the snapshot in force, applies the corridor's spread
/// and fee, asks `CorridorJudge` whether the corridor takes the payment at that price (route,
/// hours, amount, limit), and stores the quote for the caller.
struct QuoteIssuer: Sendable {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let quotes: QuoteRepository
    let ttl: TimeInterval
    let maintenance: MaintenanceCalendar
    let clock: any WallClock

    func quote(clientID: String, corridorID: String, type: PaymentType, amount: Money) async throws -> QuoteRecord {
        let now = clock.now()
        guard let entry = catalog.entry(corridorID) else {
            throw APIError(.notFound, "corridor '\(corridorID)' does not exist")
        }
        let (priced, pricing) = Self.price(entry.spec, type: type, amount: amount, rates: rates, at: now)
        let request = CorridorJudge.Request(direction: .outbound, type: type, currency: amount.currency, pricing: pricing)
        if let refusal = CorridorJudge.judge(entry, catalog: catalog, bakong: maintenance, request, at: now).refusal { throw refusal }
        guard let priced else { throw APIError(.corridorUnavailable, "\(corridorID) could not be priced") }
        let record = QuoteRecord(
            id: Identifier.make("qte", at: now), clientID: clientID, corridorID: entry.spec.id, paymentType: type,
            priced: priced, createdAt: now, expiresAt: now.addingTimeInterval(ttl))
        try await quotes.insert(record)
        return record
    }

    /// An outbound payment of `amount` priced at the rate in force (for quotes and dry runs):
    /// the price, or nil when there is no usable rate, and what the judge is told of it.
    static func price(
        _ spec: CorridorSpec, type: PaymentType, amount: Money, rates: RateBoard, at now: Date
    )
        -> (PricedQuote?, CorridorJudge.Pricing)
    {
        guard let provider = spec.fxProvider else {
            return (nil, .refused(MekongError(.corridorUnavailable, "\(spec.id) has no FX provider", rule: "\(spec.id).fx_provider")))
        }
        do {
            let (snapshot, rate) = try rates.usableRate(
                provider: provider, pair: CurrencyPair(base: amount.currency, quote: spec.partnerCurrency), at: now)
            let priced = QuotePricer.price(
                amount: amount, type: type, pricing: spec.pricing, destination: spec.partnerCurrency,
                snapshotID: snapshot.id, referenceRate: rate)
            return (
                priced,
                .priced(
                    sent: amount, arrives: priced.destinationAmount, inPartnerCurrency: priced.destinationAmount,
                    rate: "\(snapshot.id), \(Int(snapshot.age(at: now))) s old")
            )
        } catch {
            return (nil, .refused(error))
        }
    }
}
