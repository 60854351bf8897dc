import Foundation
import MekongCore
import Store

/// The checks every quote and payment passes before it is priced or accepted: the corridor
/// takes payments, carries this direction, payment type and currency, is open now, and the
/// amount is within the type's limit in the partner's currency.
///
/// `evaluate` runs them all and reports each (for dry runs); `check` throws the first refusal.
enum RouteCheck {
    /// One check's outcome: its name, and the refusal if it failed.
    struct Result: Sendable {
        let name: String
        let refusal: MekongError?
        let detail: String
    }

    static func evaluate(_ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, type: PaymentType,
                         source: Currency, at instant: Date) -> [Result] {
        let spec = entry.spec
        var results: [Result] = []
        func add(_ name: String, _ refusal: MekongError?, _ detail: String) { results.append(Result(name: name, refusal: refusal, detail: detail)) }

        add("corridor_status", spec.status == .planned ? unavailable(entry, catalog) : nil, "\(spec.id) is \(spec.status.rawValue)")
        add("direction", spec.direction.carriesOutbound ? nil : MekongError(
                .routeNotOffered,
                "\(spec.id) carries only \(spec.direction == .inboundOnly ? "inbound payments into Cambodia" : "outbound payments"); it does not carry payments from Cambodia to \(spec.country)",
                rule: "\(spec.id).direction", details: ["direction": spec.direction.rawValue]),
            "\(spec.id) is \(spec.direction.rawValue)")
        add("connected", spec.status == .planned ? nil : unavailable(entry, catalog), "a partner adapter serves \(spec.id)")
        let control = catalog.board.control(spec.id)
        add("operations", control?.isClosed(at: instant) == true ? catalog.board.closure(spec.id, at: instant).map {
                MekongError(.corridorUnavailable, $0, rule: "\(spec.id).operations", details: ["reason": control?.reason ?? ""],
                            retryAfter: control?.until,
                            advice: control?.until == nil ? "Retry when ops reopen the corridor; GET /v1/corridors/\(spec.id) shows when it is open" : nil)
            } : nil, "enabled by operations")
        add("scheduled_maintenance", catalog.board.activeWindow(spec.id, at: instant).map {
                MekongError(.corridorUnavailable, $0.refusal, rule: "\(spec.id).maintenance",
                            details: ["reason": $0.reason, "maintenance_until": RFC3339.string(from: $0.endsAt)], retryAfter: $0.endsAt)
            }, "outside scheduled maintenance")
        add("circuit_breaker", catalog.breakers.suspension(spec.id, at: instant).map {
                MekongError(.corridorUnavailable, $0.reason, rule: "\(spec.id).circuit_breaker", details: ["next_probe_at": RFC3339.string(from: $0.until)],
                            retryAfter: $0.until)
            }, "the partner link is not suspended")
        add("payment_type", spec.limit(for: type) != nil ? nil : MekongError(
                .routeNotOffered, "\(spec.id) does not offer \(type.rawValue) payments", rule: "\(spec.id).limits.\(type.rawValue)"),
            "\(spec.id) offers \(spec.limits.keys.map(\.rawValue).sorted().joined(separator: ", "))")
        add("currency", spec.sourceCurrencies.contains(source) ? nil : MekongError(
                .routeNotOffered, "\(spec.id) does not accept \(source.code); send in \(spec.sourceCurrencies.map(\.code).joined(separator: " or "))",
                rule: "\(spec.id).currencies.source"),
            "\(spec.id) accepts \(spec.sourceCurrencies.map(\.code).joined(separator: ", "))")
        var hoursRefusal: MekongError?
        var hoursDetail = spec.hours.isAlwaysOpen ? "open 24/7" : "open in \(spec.hours.timeZone.identifier) hours"
        if !spec.hours.isOpen(at: instant), case .batch(let seconds) = spec.settlement, spec.offHours == .queue,
           let cycle = SettlementCycle.joining(at: instant, hours: spec.hours, cycleSeconds: seconds) {
            hoursDetail = "outside hours: queued for the cycle that settles at \(RFC3339.string(from: cycle.closesAt))"
        } else if !spec.hours.isOpen(at: instant) {
            var details = ["time_zone": spec.hours.timeZone.identifier]
            if let next = spec.hours.nextOpening(after: instant) { details["next_opening_at"] = RFC3339.string(from: next) }
            hoursRefusal = MekongError(.corridorUnavailable, "\(spec.id) is outside its operating hours", rule: "\(spec.id).hours", details: details,
                                       retryAfter: spec.hours.nextOpening(after: instant))
        }
        add("hours", hoursRefusal, hoursDetail)
        return results
    }

    /// Throws the first refusal among the route checks.
    static func check(_ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, type: PaymentType,
                      source: Currency, at instant: Date) throws(MekongError) {
        if let refusal = evaluate(entry, catalog: catalog, type: type, source: source, at: instant).lazy.compactMap(\.refusal).first {
            throw refusal
        }
    }

    private static func unavailable(_ entry: CorridorCatalog.Entry, _ catalog: CorridorCatalog) -> MekongError? {
        catalog.unavailability(of: entry).map {
            // Planned, or not connected in this release: retrying will not help.
            MekongError(.corridorUnavailable, $0, rule: "\(entry.spec.id).status", details: ["status": entry.spec.status.rawValue],
                        advice: "Choose another corridor: \(entry.spec.id) carries no payments yet (GET /v1/corridors lists those that do)",
                        retryable: false)
        }
    }

    /// When a payment accepted at `instant` is expected to settle: at once for real-time
    /// corridors, at the close of the cycle it joins for batch corridors.
    static func expectedSettlement(_ spec: CorridorSpec, at instant: Date) -> Date? {
        switch spec.settlement {
        case .realTime: instant
        case .batch(let seconds): SettlementCycle.joining(at: instant, hours: spec.hours, cycleSeconds: seconds)?.closesAt
        }
    }

    /// The refusal for an amount whose destination rounds to nothing in the partner's currency
    /// (2000): quotes and dry runs give the same one.
    static func nothingArrives(_ spec: CorridorSpec, source: Money, destination: Money) -> MekongError? {
        guard destination.minorUnits <= 0 else { return nil }
        return MekongError(.invalidRequest, "\(source) converts to nothing in \(spec.partnerCurrency.code); send more",
                           rule: "\(spec.id).currencies.destination", details: ["destination_currency": spec.partnerCurrency.code])
    }

    /// The refusal for an amount above the payment type's limit (2005), naming the rule and the limit.
    static func limitRefusal(_ spec: CorridorSpec, type: PaymentType, destination: Money) -> MekongError? {
        guard let limit = spec.limit(for: type), destination > limit else { return nil }
        return MekongError(.limitExceeded, "\(destination) exceeds the \(spec.id) \(type.rawValue) limit of \(limit)",
                           rule: "\(spec.id).limits.\(type.rawValue)",
                           details: ["limit": limit.decimalString, "limit_currency": limit.currency.code, "amount": destination.decimalString])
    }

    static func checkLimit(_ spec: CorridorSpec, type: PaymentType, destination: Money) throws(MekongError) {
        if let refusal = limitRefusal(spec, type: type, destination: destination) { throw refusal }
    }
}
