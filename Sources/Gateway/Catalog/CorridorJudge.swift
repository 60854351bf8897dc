import Foundation
import MekongCore
import Store

/// The one judge of whether a corridor takes a payment now, and at what: quotes, dry runs,
/// payments, inbound credits (KHQR cross-border claims among them) and the corridor status
/// endpoints all ask it, so none can disagree with another.
///
/// A pure function of the spec, the corridor's conditions (`CorridorConditions`), the instant
/// and the request. Its checks run in one fixed order and each reports whether it passed, why
/// not (the refusal, with its rule), and the corridor state it shows; the first refusal is the
/// verdict's, and the first state shown is the corridor's (`LiveCorridorState`).
///
/// | check                 | refuses with              | shows              |
/// |-----------------------|---------------------------|--------------------|
/// | corridor_status       | 5001, not retryable       | planned            |
/// | direction             | 2006                      |                    |
/// | connected             | 5001, not retryable       | not_connected      |
/// | operations            | 5001 until ops reopen     | closed_by_ops      |
/// | scheduled_maintenance | 5001 until the window ends| maintenance        |
/// | circuit_breaker       | 5001 until the next probe | suspended          |
/// | payment_type          | 2006                      |                    |
/// | currency              | 2006                      |                    |
/// | hours                 | 5001 until the next opening (a batch corridor that queues off hours does not refuse) | outside_hours |
/// | rate                  | 3003                      |                    |
/// | amount                | 2000: nothing arrives     |                    |
/// | limit                 | 2005                      |                    |
/// | maintenance (Bakong)  | never: accepted and held (4001) | bakong_maintenance |
enum CorridorJudge {
    /// What is asked: a payment in one direction, of a type, in a Cambodian-side currency, and
    /// its price when it has one.
    struct Request: Sendable {
        var direction: PaymentDirection
        var type: PaymentType
        /// The Cambodian side's currency: the payer's for outbound payments, the payee's for inbound credits.
        var currency: Currency
        var pricing: Pricing = .notAsked
    }

    /// The price of the payment, as far as it was made.
    enum Pricing: Sendable {
        /// Not priced (yet): the rate, amount and limit checks are left out.
        case notAsked
        /// No usable rate: the refusal (3003).
        case refused(MekongError)
        /// Priced: what the payer sends, what arrives, and the amount in the partner's currency
        /// that the limit applies to; `rate` describes the rate used.
        case priced(sent: Money, arrives: Money, inPartnerCurrency: Money, rate: String)
    }

    /// One check's outcome.
    struct Check: Sendable {
        let name: String
        let refusal: MekongError?
        let detail: String
        /// The state the corridor is in because of this check (nil when it shows nothing).
        let shows: LiveCorridorState.State?
    }

    struct Verdict: Sendable {
        let checks: [Check]
        /// The corridor as apps and ops are shown it.
        let state: LiveCorridorState
        /// The first refusal, or nil when the payment is taken.
        var refusal: MekongError? { checks.lazy.compactMap(\.refusal).first }
        /// When a payment taken now is held until (Bakong maintenance), or nil.
        let heldUntil: Date?
    }

    /// The verdict on `entry` as the live boards stand at `instant`; with no request, on the
    /// corridor as a whole (the status endpoints and metrics).
    static func judge(
        _ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, bakong: MaintenanceCalendar, _ request: Request? = nil,
        at instant: Date
    ) -> Verdict {
        judge(entry.spec, CorridorConditions.read(entry, catalog: catalog, bakong: bakong, at: instant), request, at: instant)
    }

    static func judge(_ spec: CorridorSpec, _ conditions: CorridorConditions, _ request: Request?, at instant: Date) -> Verdict {
        var checks: [Check] = []
        func add(_ name: String, _ refusal: MekongError?, _ detail: String, shows: LiveCorridorState.State? = nil) {
            checks.append(Check(name: name, refusal: refusal, detail: refusal?.message ?? detail, shows: shows))
        }
        let id = spec.id
        let unavailable = conditions.unavailability.map {
            // Planned, or not connected in this release: retrying will not help.
            MekongError(
                .corridorUnavailable, $0, rule: "\(id).status", details: ["status": spec.status.rawValue],
                advice: "Choose another corridor: \(id) carries no payments yet (GET /v1/corridors lists those that do)",
                retryable: false)
        }
        let planned = spec.status == .planned
        add("corridor_status", planned ? unavailable : nil, "\(id) is \(spec.status.rawValue)", shows: planned ? .planned : nil)
        if let request { add("direction", directionRefusal(spec, request.direction), "\(id) is \(spec.direction.rawValue)") }
        add("connected", planned ? nil : unavailable, "a partner adapter serves \(id)", shows: !planned && unavailable != nil ? .notConnected : nil)

        let control = conditions.control.flatMap { $0.isClosed(at: instant) ? $0 : nil }
        add("operations", control.map { closure(spec, $0) }, "enabled by operations", shows: control == nil ? nil : .closedByOps)
        let window = conditions.windows.filter { $0.contains(instant) }.max { $0.endsAt < $1.endsAt }
        add(
            "scheduled_maintenance",
            window.map {
                MekongError(
                    .corridorUnavailable, $0.refusal, rule: "\(id).maintenance",
                    details: ["reason": $0.reason, "maintenance_until": RFC3339.string(from: $0.endsAt)], retryAfter: $0.endsAt)
            }, "outside scheduled maintenance", shows: window == nil ? nil : .maintenance)
        add(
            "circuit_breaker",
            conditions.suspension.map {
                MekongError(
                    .corridorUnavailable, $0.reason, rule: "\(id).circuit_breaker", details: ["next_probe_at": RFC3339.string(from: $0.until)],
                    retryAfter: $0.until)
            }, "the partner link is not suspended", shows: conditions.suspension == nil ? nil : .suspended)
        if let request {
            add(
                "payment_type",
                spec.limit(for: request.type) != nil
                    ? nil
                    : MekongError(
                        .routeNotOffered, "\(id) does not offer \(request.type.rawValue) payments", rule: "\(id).limits.\(request.type.rawValue)"),
                "\(id) offers \(spec.limits.keys.map(\.rawValue).sorted().joined(separator: ", "))")
            add("currency", currencyRefusal(spec, request), "\(id) accepts \(spec.sourceCurrencies.map(\.code).joined(separator: ", "))")
        }
        let inHours = spec.hours.isOpen(at: instant)
        let (hoursRefusal, hoursDetail) = hours(spec, inHours: inHours, at: instant)
        add("hours", hoursRefusal, hoursDetail, shows: inHours ? nil : .outsideHours)
        if let request {
            switch request.pricing {
            case .notAsked: break
            case .refused(let error): add("rate", error, "")
            case .priced(let sent, let arrives, let partnerAmount, let rate):
                add("rate", nil, rate)
                add("amount", nothingArrives(spec, sent: sent, arrives: arrives), "\(arrives) arrives")
                let limitText = spec.limit(for: request.type).map { "\(partnerAmount) of at most \($0)" } ?? "no limit: type not offered"
                add("limit", limitRefusal(spec, type: request.type, amount: partnerAmount), limitText)
            }
        }
        let held = conditions.bakongMaintenanceEnd
        add(
            "maintenance", nil,
            held.map { "Bakong maintenance (4001): accepted and held until \(RFC3339.string(from: $0))" } ?? "no Bakong maintenance now",
            shows: held == nil ? nil : .bakongMaintenance)
        return Verdict(
            checks: checks,
            state: state(
                spec, conditions, shown: checks.lazy.compactMap(\.shows).first ?? .open, control: control,
                window: window, at: instant),
            heldUntil: held)
    }

    // MARK: The refusals

    private static func directionRefusal(_ spec: CorridorSpec, _ direction: PaymentDirection) -> MekongError? {
        switch direction {
        case .outbound where !spec.direction.carriesOutbound:
            return MekongError(
                .routeNotOffered,
                "\(spec.id) carries only inbound payments into Cambodia; it does not carry payments from Cambodia to \(spec.country)",
                rule: "\(spec.id).direction", details: ["direction": spec.direction.rawValue])
        case .inbound where !spec.direction.carriesInbound:
            return MekongError(
                .routeNotOffered, "\(spec.id) carries only outbound payments; it takes no inbound credits",
                rule: "\(spec.id).direction", details: ["direction": spec.direction.rawValue])
        default:
            return nil
        }
    }

    private static func currencyRefusal(_ spec: CorridorSpec, _ request: Request) -> MekongError? {
        guard !spec.sourceCurrencies.contains(request.currency) else { return nil }
        let accepted = spec.sourceCurrencies.map(\.code).joined(separator: " or ")
        let message =
            request.direction == .outbound
            ? "\(spec.id) does not accept \(request.currency.code); send in \(accepted)"
            : "\(spec.id) credits Cambodian payees in \(accepted), not \(request.currency.code)"
        return MekongError(.routeNotOffered, message, rule: "\(spec.id).currencies.source")
    }

    private static func closure(_ spec: CorridorSpec, _ control: CorridorControl) -> MekongError {
        let until = control.until.map { " until \(RFC3339.string(from: $0))" } ?? ""
        return MekongError(
            .corridorUnavailable, "\(spec.id) is disabled by operations\(until): \(control.reason ?? "no reason given")",
            rule: "\(spec.id).operations", details: ["reason": control.reason ?? ""], retryAfter: control.until,
            advice: control.until == nil ? "Retry when ops reopen the corridor; GET /v1/corridors/\(spec.id) shows when it is open" : nil)
    }

    /// Outside hours a batch corridor that queues off hours takes the payment for the cycle
    /// that settles next; any other corridor refuses until it opens.
    private static func hours(_ spec: CorridorSpec, inHours: Bool, at instant: Date) -> (MekongError?, String) {
        if inHours { return (nil, spec.hours.isAlwaysOpen ? "open 24/7" : "open in \(spec.hours.timeZone.identifier) hours") }
        if case .batch(let seconds) = spec.settlement, spec.offHours == .queue,
            let cycle = SettlementCycle.joining(at: instant, hours: spec.hours, cycleSeconds: seconds)
        {
            return (nil, "outside hours: queued for the cycle that settles at \(RFC3339.string(from: cycle.closesAt))")
        }
        var details = ["time_zone": spec.hours.timeZone.identifier]
        let next = spec.hours.nextOpening(after: instant)
        if let next { details["next_opening_at"] = RFC3339.string(from: next) }
        return (
            MekongError(
                .corridorUnavailable, "\(spec.id) is outside its operating hours", rule: "\(spec.id).hours", details: details, retryAfter: next), ""
        )
    }

    /// The refusal for an amount that arrives as nothing once rounded (2000).
    static func nothingArrives(_ spec: CorridorSpec, sent: Money, arrives: Money) -> MekongError? {
        guard arrives.minorUnits <= 0 else { return nil }
        return MekongError(
            .invalidRequest, "\(sent) converts to nothing in \(arrives.currency.code); send more",
            rule: "\(spec.id).currencies.destination", details: ["destination_currency": arrives.currency.code])
    }

    /// The refusal for an amount in the partner's currency above the payment type's limit
    /// (2005), naming the rule and the limit.
    static func limitRefusal(_ spec: CorridorSpec, type: PaymentType, amount: Money) -> MekongError? {
        guard let limit = spec.limit(for: type), amount > limit else { return nil }
        return MekongError(
            .limitExceeded, "\(amount) exceeds the \(spec.id) \(type.rawValue) limit of \(limit)",
            rule: "\(spec.id).limits.\(type.rawValue)",
            details: ["limit": limit.decimalString, "limit_currency": limit.currency.code, "amount": amount.decimalString])
    }

    // MARK: The state shown

    private static func state(
        _ spec: CorridorSpec, _ conditions: CorridorConditions, shown: LiveCorridorState.State,
        control: CorridorControl?, window: MaintenanceWindow?, at instant: Date
    ) -> LiveCorridorState {
        /// The first instant from `start` that is inside hours and outside every scheduled window.
        func opening(from start: Date?) -> Date? {
            var candidate = start
            for _ in 0..<16 {
                guard let current = candidate else { return nil }
                if !spec.hours.isOpen(at: current) {
                    candidate = spec.hours.nextOpening(after: current)
                    continue
                }
                if let window = conditions.windows.filter({ $0.contains(current) }).max(by: { $0.endsAt < $1.endsAt }) {
                    candidate = window.endsAt
                    continue
                }
                return current
            }
            return candidate
        }
        switch shown {
        case .planned, .notConnected:
            return LiveCorridorState(state: shown, reason: conditions.unavailability, since: nil, until: nil, nextOpeningAt: nil)
        case .closedByOps:
            return LiveCorridorState(
                state: shown, reason: control?.reason, since: control?.changedAt, until: control?.until,
                nextOpeningAt: control?.until.flatMap { opening(from: $0) })
        case .maintenance:
            return LiveCorridorState(
                state: shown, reason: window.map { "scheduled maintenance: \($0.reason)" }, since: window?.startsAt,
                until: window?.endsAt, nextOpeningAt: opening(from: window?.endsAt))
        case .suspended:
            return LiveCorridorState(
                state: shown, reason: conditions.suspension?.reason, since: conditions.suspension?.since,
                until: conditions.suspension?.until, nextOpeningAt: conditions.suspension?.until)
        case .outsideHours:
            return LiveCorridorState(state: shown, reason: "outside operating hours", since: nil, until: nil, nextOpeningAt: opening(from: instant))
        case .bakongMaintenance:
            let end = conditions.bakongMaintenanceEnd
            return LiveCorridorState(
                state: shown, reason: "Bakong maintenance window (4001); payments are queued", since: nil,
                until: end, nextOpeningAt: opening(from: end))
        case .open:
            return LiveCorridorState(state: .open, reason: nil, since: nil, until: nil, nextOpeningAt: nil)
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
}
