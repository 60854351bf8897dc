import Foundation
import Hummingbird
import MekongCore
import Store

/// Treasury's liquidity routes:
/// - `GET /admin/liquidity/positions` (treasury, ops): each prefunded corridor's balance,
///   reserved, available, marks, level and queued payments;
/// - `POST /admin/liquidity/topups` and `POST /admin/liquidity/adjustments` (treasury): stored
///   pending; `POST /admin/liquidity/requests/{id}/approve|reject` by a second treasury key (of
///   another client) moves the position and releases the queue, oldest first;
/// - `GET /admin/liquidity/requests`;
/// - `PUT|DELETE /admin/liquidity/positions/{corridor}/marks` (treasury): treasury's low-water
///   and critical marks over the spec's, or back to the spec's; audited;
/// - `GET /admin/liquidity/forecast/{corridor}` (treasury, ops): the next 24 hours' outflow,
///   hour by hour, and the suggested top-up;
/// - `GET /admin/liquidity/entries` (treasury, ops): the ledger's movements, filtered;
/// - `POST /admin/liquidity/history?corridor=…` (treasury): a settlement bank's hourly flow
///   history as CSV (`hour,outflow[,currency]`), for the forecast.
/// Every decision writes its audit row in its own transaction.
struct AdminLiquidityController {
    let catalog: CorridorCatalog
    let liquidity: LiquidityRepository
    let forecaster: LiquidityForecaster
    let clock: any WallClock

    struct ForecastView: Encodable {
        struct HourView: Encodable {
            let startsAt: String
            let outflow: AmountView
            let weeks: Int
        }
        let corridor: String
        let method: String
        let weeksUsed: Int
        let totalOutflow: AmountView
        let available: AmountView
        let lowWater: AmountView
        let suggestedTopUp: AmountView
        let hours: [HourView]
    }

    struct EntryView: Encodable {
        let id: String
        let corridor: String
        let kind: String
        let balanceDelta: AmountView
        let reservedDelta: AmountView
        let paymentId: String?
        let requestId: String?
        let note: String?
        let at: String
    }

    struct HistoryImported: Encodable {
        let corridor: String
        let hours: Int
        let from: String?
        let to: String?
    }

    func register(on group: RouterGroup<GatewayContext>) {
        group.get("liquidity/positions") { _, context in
            try RoleGuard.require(context, .treasury, .ops)
            var views: [LiquidityPositionView] = []
            for position in try await liquidity.positions() {
                let forecast = try await forecaster.forecast(corridorID: position.corridorID)
                views.append(LiquidityPositionView(position, policy: catalog.entry(position.corridorID)?.spec.liquidity, forecast: forecast))
            }
            return try JSONResponse.make(.ok, PageView(whole: views))
        }
        group.put("liquidity/positions/:corridor/marks") { request, context in
            let caller = try RoleGuard.require(context, .treasury)
            let (corridor, spec) = try prefunded(context)
            let (body, _) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["low_water", "critical"])
            let low = try body.requiredMoney("low_water")
            let critical = try body.requiredMoney("critical")
            for (name, mark) in [("low_water", low), ("critical", critical)] where mark.currency != spec.settlementCurrency {
                throw APIError(.invalidRequest, "field '\(name).currency' must be \(spec.settlementCurrency.code), \(corridor)'s settlement currency")
            }
            guard critical.minorUnits <= low.minorUnits else {
                throw APIError(.invalidRequest, "field 'critical' must not be above 'low_water'")
            }
            return try await setMarks(corridor, low: low.minorUnits, critical: critical.minorUnits, caller: caller, context: context)
        }
        group.delete("liquidity/positions/:corridor/marks") { _, context in
            let caller = try RoleGuard.require(context, .treasury)
            let (corridor, _) = try prefunded(context)
            return try await setMarks(corridor, low: nil, critical: nil, caller: caller, context: context)
        }
        group.get("liquidity/forecast/:corridor") { _, context in
            try RoleGuard.require(context, .treasury, .ops)
            let (corridor, spec) = try prefunded(context)
            guard let position = try await liquidity.position(corridorID: corridor) else {
                throw APIError(.notFound, "\(corridor) has no position yet")
            }
            let forecast = try await forecaster.forecast(corridorID: corridor)
            let marks = PositionMarks(position, policy: spec.liquidity)
            func money(_ minor: Int64) -> AmountView { AmountView(Money(minorUnits: minor, currency: spec.settlementCurrency)) }
            return try JSONResponse.make(
                .ok,
                ForecastView(
                    corridor: corridor,
                    method:
                        "each hour: the mean of the same hour of the week over the last 4 weeks, rounded half up; suggested top-up: outflow + low water − available, at least 0",
                    weeksUsed: forecast.weeksUsed, totalOutflow: money(forecast.totalMinor), available: money(position.availableMinor),
                    lowWater: money(marks.lowWaterMinor),
                    suggestedTopUp: money(forecast.suggestedTopUpMinor(availableMinor: position.availableMinor, lowWaterMinor: marks.lowWaterMinor)),
                    hours: forecast.hours.map {
                        ForecastView.HourView(startsAt: RFC3339.string(from: $0.startsAt), outflow: money($0.outflowMinor), weeks: $0.weeks)
                    }))
        }
        group.get("liquidity/entries") { request, context in
            try RoleGuard.require(context, .treasury, .ops)
            let query = request.uri.queryParameters
            let corridor = query.get("corridor")
            if let corridor, catalog.entry(corridor)?.spec.liquidity == nil {
                throw APIError(.invalidRequest, "query 'corridor': \(corridor) has no prefunded position")
            }
            let kind = query.get("kind")
            if let kind, !LiquidityEntry.kinds.contains(kind) {
                throw APIError(.invalidRequest, "query 'kind' must be one of \(LiquidityEntry.kinds.joined(separator: ", "))")
            }
            func instant(_ name: String) throws -> Date? {
                guard let text = query.get(name) else { return nil }
                guard let date = RFC3339.date(from: text) else { throw APIError(.invalidRequest, "query '\(name)' must be an RFC 3339 time") }
                return date
            }
            let page = try await liquidity.entries(
                corridorID: corridor, kind: kind, from: try instant("from"), to: try instant("to"), page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(page.map(view)))
        }
        group.post("liquidity/history") { request, context in
            try RoleGuard.require(context, .treasury)
            guard let corridor = request.uri.queryParameters.get("corridor") else {
                throw APIError(.invalidRequest, "query 'corridor' is required")
            }
            guard let spec = catalog.entry(corridor)?.spec, spec.liquidity != nil else {
                throw APIError(.notFound, "\(corridor) has no prefunded position (no liquidity block in its spec)")
            }
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let hours = try FlowHistoryCSV.read(String(decoding: body.readableBytesView, as: UTF8.self), currency: spec.settlementCurrency)
            let count = try await liquidity.importHistory(corridorID: corridor, hours: hours, source: "import", at: clock.now())
            return try JSONResponse.make(
                .created,
                HistoryImported(
                    corridor: corridor, hours: count, from: hours.first.map { RFC3339.string(from: $0.hour) },
                    to: hours.last.map { RFC3339.string(from: $0.hour) }))
        }
        group.post("liquidity/topups") { request, context in
            try await requestMove(request, context: context, kind: .topup)
        }
        group.post("liquidity/adjustments") { request, context in
            try await requestMove(request, context: context, kind: .adjustment)
        }
        group.get("liquidity/requests") { request, context in
            try RoleGuard.require(context, .treasury, .ops)
            let query = request.uri.queryParameters
            let status = try QueryChoice.read(query.get("status"), name: "status", as: LiquidityRequest.Status.self)
            let page = try await liquidity.requests(status: status, page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(page.map(LiquidityRequestView.init)))
        }
        group.post("liquidity/requests/:id/approve") { request, context in
            try await decide(request, context: context, approve: true)
        }
        group.post("liquidity/requests/:id/reject") { request, context in
            try await decide(request, context: context, approve: false)
        }
    }

    private func prefunded(_ context: GatewayContext) throws -> (String, CorridorSpec) {
        let corridor = try context.parameters.requireDecoded("corridor")
        guard let spec = catalog.entry(corridor)?.spec, spec.liquidity != nil else {
            throw APIError(.notFound, "\(corridor) has no prefunded position (no liquidity block in its spec)")
        }
        return (corridor, spec)
    }

    private func setMarks(_ corridor: String, low: Int64?, critical: Int64?, caller: Caller, context: GatewayContext) async throws -> Response {
        guard
            try await liquidity.setMarks(
                corridorID: corridor, lowWaterMinor: low, criticalMinor: critical, keyID: caller.keyID, at: clock.now(),
                sourceAddress: context.remoteAddress) != nil, let position = try await liquidity.position(corridorID: corridor)
        else { throw APIError(.notFound, "\(corridor) has no position yet") }
        let forecast = try await forecaster.forecast(corridorID: corridor)
        return try JSONResponse.make(.ok, LiquidityPositionView(position, policy: catalog.entry(corridor)?.spec.liquidity, forecast: forecast))
    }

    /// An entry in its position's currency (the corridor's settlement currency).
    private func view(_ entry: LiquidityEntry) -> EntryView {
        let currency = catalog.entry(entry.corridorID)?.spec.settlementCurrency ?? .USD
        return EntryView(
            id: String(entry.id), corridor: entry.corridorID, kind: entry.kind,
            balanceDelta: AmountView(Money(minorUnits: entry.balanceDeltaMinor, currency: currency)),
            reservedDelta: AmountView(Money(minorUnits: entry.reservedDeltaMinor, currency: currency)), paymentId: entry.paymentID,
            requestId: entry.requestID, note: entry.note, at: RFC3339.string(from: entry.at))
    }

    /// `{"corridor": "KH-TH", "amount": {"amount": "…", "currency": "THB"}, "note": "…"}`: a
    /// top-up's amount is positive; an adjustment's may be negative and needs its note.
    private func requestMove(_ request: Request, context: GatewayContext, kind: LiquidityRequest.Kind) async throws -> Response {
        let caller = try RoleGuard.require(context, .treasury)
        let (body, _) = try await JSONObject.read(request, context: context)
        try body.allowOnly(["corridor", "amount", "note"])
        let corridor = try body.requiredString("corridor", maxLength: 16)
        guard let spec = catalog.entry(corridor)?.spec, spec.liquidity != nil else {
            throw APIError(.notFound, "\(corridor) has no prefunded position (no liquidity block in its spec)")
        }
        let amount = try body.requiredMoney("amount", allowingNegative: kind == .adjustment)
        guard amount.currency == spec.settlementCurrency else {
            throw APIError(.invalidRequest, "field 'amount.currency' must be \(spec.settlementCurrency.code), \(corridor)'s settlement currency")
        }
        guard !amount.isZero, kind == .adjustment || amount.minorUnits > 0 else {
            throw APIError(.invalidRequest, "field 'amount' must be \(kind == .topup ? "more than zero" : "other than zero")")
        }
        let note = try body.requiredString("note", .note(500))
        let now = clock.now()
        let record = LiquidityRequest(
            id: Identifier.make("liq", at: now), corridorID: corridor, kind: kind, amountMinor: amount.minorUnits, currency: amount.currency.code,
            note: note, requestedBy: caller.keyID, requestedClient: caller.clientID, requestedAt: now)
        try await liquidity.request(record, sourceAddress: context.remoteAddress)
        return try JSONResponse.make(.created, LiquidityRequestView(record))
    }

    private func decide(_ request: Request, context: GatewayContext, approve: Bool) async throws -> Response {
        let caller = try RoleGuard.require(context, .treasury)
        let id = try context.parameters.requireDecoded("id")
        let body = try await JSONObject.readIfAny(request, context: context)
        try body.allowOnly(approve ? ["note"] : ["reason"])
        let note = approve ? try body.string("note", .note(500)) : try body.requiredString("reason", .note(500))
        switch try await liquidity.decide(
            id: id, approve: approve, keyID: caller.keyID, clientID: caller.clientID, note: note, at: clock.now(),
            sourceAddress: context.remoteAddress)
        {
        case .decided(let record): return try JSONResponse.make(.ok, LiquidityRequestView(record))
        case .notFound: throw APIError(.notFound, "liquidity request '\(id)' does not exist")
        case .notPending(let status): throw APIError(.stateConflict, "\(id) is already \(status.rawValue)", details: ["status": status.rawValue])
        case .sameMaker:
            throw APIError(.secondPersonRequired, "\(id) was made by this key's client; a second treasury key, held by someone else, must approve it")
        case .wouldOverdraw:
            throw APIError(.stateConflict, "\(id) would take the available balance below zero: reservations hold it; approve it later")
        }
    }
}
