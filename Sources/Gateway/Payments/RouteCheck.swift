import Foundation
import MekongCore

/// The checks every quote and payment passes before it is priced or accepted: the corridor
/// takes payments, carries this direction and payment type, is open now, and the amount is
/// within the type's limit in the partner's currency.
enum RouteCheck {
    static func check(_ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, type: PaymentType,
                      source: Currency, at instant: Date) throws(MekongError) {
        let spec = entry.spec
        if spec.status == .planned, let reason = catalog.unavailability(of: entry) {
            throw MekongError(.corridorUnavailable, reason, rule: "\(spec.id).status", details: ["status": spec.status.rawValue])
        }
        guard spec.direction.carriesOutbound else {
            throw MekongError(.routeNotOffered, "\(spec.id) carries only \(spec.direction == .inboundOnly ? "inbound payments into Cambodia" : "outbound payments"); it does not carry payments from Cambodia to \(spec.country)",
                              rule: "\(spec.id).direction", details: ["direction": spec.direction.rawValue])
        }
        if let reason = catalog.unavailability(of: entry) {
            throw MekongError(.corridorUnavailable, reason, rule: "\(spec.id).status", details: ["status": spec.status.rawValue])
        }
        guard spec.limit(for: type) != nil else {
            throw MekongError(.routeNotOffered, "\(spec.id) does not offer \(type.rawValue) payments",
                              rule: "\(spec.id).limits.\(type.rawValue)")
        }
        guard spec.sourceCurrencies.contains(source) else {
            throw MekongError(.routeNotOffered, "\(spec.id) does not accept \(source.code); send in \(spec.sourceCurrencies.map(\.code).joined(separator: " or "))",
                              rule: "\(spec.id).currencies.source")
        }
        guard spec.hours.isOpen(at: instant) else {
            var details = ["time_zone": spec.hours.timeZone.identifier]
            if let next = spec.hours.nextOpening(after: instant) { details["next_opening_at"] = RFC3339.string(from: next) }
            throw MekongError(.corridorUnavailable, "\(spec.id) is outside its operating hours", rule: "\(spec.id).hours", details: details)
        }
    }

    /// Refuses an amount above the payment type's limit (2005), naming the rule and the limit.
    static func checkLimit(_ spec: CorridorSpec, type: PaymentType, destination: Money) throws(MekongError) {
        guard let limit = spec.limit(for: type) else { return }
        guard destination <= limit else {
            throw MekongError(.limitExceeded,
                              "\(destination) exceeds the \(spec.id) \(type.rawValue) limit of \(limit)",
                              rule: "\(spec.id).limits.\(type.rawValue)",
                              details: ["limit": limit.decimalString, "limit_currency": limit.currency.code,
                                        "amount": destination.decimalString])
        }
    }
}
