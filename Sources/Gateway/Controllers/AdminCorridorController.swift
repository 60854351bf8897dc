import FX
import Foundation
import Hummingbird
import MekongCore
import Store

/// Ops' corridor control: `GET /admin/corridors` (the live overview), `POST
/// /admin/corridors/{id}/disable` and `…/enable`, and `GET /admin/audit`. Every change writes
/// an audit row in its own transaction.
struct AdminCorridorController {
    let catalog: CorridorCatalog
    let controls: CorridorControlRepository
    let audit: AuditRepository
    let rates: RateBoard
    let maintenance: MaintenanceCalendar
    let liquidity: LiquidityRepository
    let clock: any WallClock

    struct Overview: Encodable {
        let id: String
        let name: String
        let status: String
        let state: String
        let reason: String?
        let since: String?
        let until: String?
        let nextOpeningAt: String?
        let queueDepth: Int
        let finishedLastHour: Int
        /// Of those, how many ended REJECTED, TIMEOUT or ERROR: counts, not a percentage, so one
        /// rejection among four payments reads as what it is.
        let failedLastHour: Int
        let rateSnapshotId: String?
        let rateAgeSeconds: Int?
        let inFlightPolicy: String
        let limits: [CorridorView.LimitView]
        let breaker: BreakerView
        let maintenance: [CorridorView.MaintenanceView]
        /// A prefunded corridor's funding: available, level, payments waiting for funds, and
        /// whether it is short (some wait, or nothing is available).
        let liquidity: FundingView?
    }
    struct FundingView: Encodable {
        let available: AmountView
        let level: String
        let queued: Int
        let short: Bool
        let onShortfall: String
    }
    struct BreakerView: Encodable {
        /// closed, open or half_open.
        let state: String
        let consecutiveFailures: Int
        let trips: Int
        let since: String?
        let nextProbeAt: String?
        let lastFailure: String?

        init(_ b: CircuitBreaker) {
            state = b.state.name
            consecutiveFailures = b.consecutiveFailures
            trips = b.trips
            since = b.since.map(RFC3339.string(from:))
            if case .open(let until) = b.state { nextProbeAt = RFC3339.string(from: until) } else { nextProbeAt = nil }
            lastFailure = b.lastFailure
        }
    }
    struct ControlView: Encodable {
        let corridor: String
        let enabled: Bool
        let reason: String?
        let until: String?
        let changedBy: String
        let changedAt: String

        init(_ c: CorridorControl) {
            corridor = c.corridorID
            enabled = c.enabled
            reason = c.reason
            until = c.until.map(RFC3339.string(from:))
            changedBy = c.changedBy
            changedAt = RFC3339.string(from: c.changedAt)
        }
    }
    struct AuditView: Encodable {
        let id: Int64?
        let actorKeyId: String
        let action: String
        let target: String
        /// What the row was before and after, as JSON objects.
        let before: ExactJSON?
        let after: ExactJSON?
        let at: String
        let sourceAddress: String?
    }

    func register(on group: RouterGroup<GatewayContext>) {
        group.get("corridors") { _, context in
            try RoleGuard.require(context, .ops, .treasury)
            let now = clock.now()
            let health = try await controls.health(since: now.addingTimeInterval(-3600))
            let positions = Dictionary(uniqueKeysWithValues: try await liquidity.positions().map { ($0.corridorID, $0) })
            return try JSONResponse.make(
                .ok,
                PageView(whole: catalog.entries.map { overview($0, health: health[$0.spec.id], position: positions[$0.spec.id], now: now) }))
        }
        group.post("corridors/:id/disable") { request, context in
            let caller = try RoleGuard.require(context, .ops)
            let id = try context.parameters.requireDecoded("id")
            let (body, _) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["reason", "until"])
            let reason = try body.requiredString("reason", maxLength: 200)
            var until: Date?
            if let text = try body.string("until", maxLength: 40) {
                guard let date = RFC3339.date(from: text), date > clock.now() else {
                    throw APIError(.invalidRequest, "field 'until' must be a future RFC 3339 time")
                }
                until = date
            }
            return try await set(id, enabled: false, reason: reason, until: until, caller: caller, context: context)
        }
        group.post("corridors/:id/enable") { request, context in
            let caller = try RoleGuard.require(context, .ops)
            let id = try context.parameters.requireDecoded("id")
            let body = try await JSONObject.readIfAny(request, context: context)
            try body.allowOnly(["reason"])
            let reason = try body.string("reason", maxLength: 200)
            return try await set(id, enabled: true, reason: reason, until: nil, caller: caller, context: context)
        }
        group.get("audit") { request, context in
            try RoleGuard.require(context, .ops, .treasury)
            let page = try PageQuery.read(request.uri.queryParameters)
            let target = request.uri.queryParameters.get("target").map { String($0) }
            let entries = try await audit.list(page: page, target: target)
            return try JSONResponse.make(
                .ok,
                PageView(
                    entries.map {
                        AuditView(
                            id: $0.id, actorKeyId: $0.actorKeyID, action: $0.action, target: $0.target, before: .stored($0.before),
                            after: .stored($0.after),
                            at: RFC3339.string(from: $0.at), sourceAddress: $0.sourceAddress)
                    }))
        }
    }

    private func set(_ id: String, enabled: Bool, reason: String?, until: Date?, caller: Caller, context: GatewayContext) async throws -> Response {
        guard catalog.entry(id) != nil else { throw APIError(.notFound, "corridor '\(id)' does not exist") }
        guard
            let (_, after) = try await controls.set(
                corridorID: id, enabled: enabled, reason: reason, until: until, actorKeyID: caller.keyID,
                sourceAddress: context.remoteAddress, at: clock.now())
        else {
            throw APIError(.notFound, "corridor '\(id)' has no control row yet; retry in a moment")
        }
        catalog.board.update(after)
        return try JSONResponse.make(.ok, ControlView(after))
    }

    private func overview(
        _ entry: CorridorCatalog.Entry, health: (queue: Int, finished: Int, failed: Int)?, position: LiquidityPosition?, now: Date
    ) -> Overview {
        let spec = entry.spec
        let live = CorridorJudge.judge(entry, catalog: catalog, bakong: maintenance, at: now).state
        let finished = health?.finished ?? 0
        let failed = health?.failed ?? 0
        let snapshot = spec.fxProvider.flatMap { rates.inForce(provider: $0, at: now) }
        return Overview(
            id: spec.id, name: spec.name, status: spec.status.rawValue, state: live.state.rawValue, reason: live.reason,
            since: live.since.map(RFC3339.string(from:)), until: live.until.map(RFC3339.string(from:)),
            nextOpeningAt: live.nextOpeningAt.map(RFC3339.string(from:)),
            queueDepth: health?.queue ?? 0, finishedLastHour: finished, failedLastHour: failed,
            rateSnapshotId: snapshot?.id, rateAgeSeconds: snapshot.map { Int($0.age(at: now)) }, inFlightPolicy: spec.inFlightPolicy.rawValue,
            limits: PaymentType.allCases.compactMap { type in
                spec.limit(for: type).map { CorridorView.LimitView(paymentType: type.rawValue, amount: $0.decimalString, currency: $0.currency.code) }
            },
            breaker: BreakerView(catalog.breakers.breaker(spec.id)),
            maintenance: catalog.board.maintenance(spec.id, after: now).map(CorridorView.MaintenanceView.init),
            liquidity: position.flatMap { p in
                spec.liquidity.map { policy in
                    FundingView(
                        available: AmountView(Money(minorUnits: p.availableMinor, currency: spec.settlementCurrency)),
                        level: PositionMarks(p, policy: policy).level(of: p).rawValue, queued: p.queued,
                        short: p.isShort, onShortfall: policy.onShortfall.rawValue)
                }
            })
    }
}
