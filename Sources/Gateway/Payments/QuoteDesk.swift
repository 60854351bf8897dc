import Foundation
import FX
import MekongCore
import Store

/// Prices quotes: checks the route, locks the rate from the snapshot in force, applies the
/// corridor's spread and fee, checks the limit, and stores the quote for the caller.
struct QuoteDesk: Sendable {
    let catalog: CorridorCatalog
    let rates: RateDesk
    let quotes: QuoteRepository
    let ttl: TimeInterval
    let clock: any WallClock

    func quote(clientID: String, corridorID: String, type: PaymentType, amount: Money) async throws -> QuoteRecord {
        let now = clock.now()
        guard let entry = catalog.entry(corridorID) else {
            throw APIError(.notFound, "corridor '\(corridorID)' does not exist")
        }
        do {
            try RouteCheck.check(entry, catalog: catalog, type: type, source: amount.currency, at: now)
        } catch { throw APIError(error) }
        let spec = entry.spec
        guard let provider = spec.fxProvider else { throw APIError(.corridorUnavailable, "\(spec.id) has no FX provider") }
        let pair = CurrencyPair(base: amount.currency, quote: spec.partnerCurrency)
        let (snapshot, rate): (RateSnapshot, Rate)
        do { (snapshot, rate) = try rates.usableRate(provider: provider, pair: pair, at: now) } catch { throw APIError(error) }
        let priced = QuotePricer.price(amount: amount, type: type, pricing: spec.pricing, destination: spec.partnerCurrency,
                                       snapshotID: snapshot.id, referenceRate: rate)
        if let refusal = RouteCheck.nothingArrives(spec, source: amount, destination: priced.destinationAmount) { throw APIError(refusal) }
        do { try RouteCheck.checkLimit(spec, type: type, destination: priced.destinationAmount) } catch { throw APIError(error) }
        let record = QuoteRecord(id: Identifier.make("qte", at: now), clientID: clientID, corridorID: spec.id, paymentType: type,
                                 priced: priced, createdAt: now, expiresAt: now.addingTimeInterval(ttl))
        try await quotes.insert(record)
        return record
    }
}
