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
/// - `GET /admin/liquidity/requests`.
/// Every decision writes its audit row in its own transaction.
struct AdminLiquidityController {
    let catalog: CorridorCatalog
    let liquidity: LiquidityRepository
    let clock: any WallClock

    func register(on group: RouterGroup<GatewayContext>) {
        group.get("liquidity/positions") { _, context in
            try RoleGuard.require(context, .treasury, .ops)
            let positions = try await liquidity.positions().map { LiquidityPositionView($0, policy: catalog.entry($0.corridorID)?.spec.liquidity) }
            return try JSONResponse.make(.ok, PageView(whole: positions))
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
            var status: LiquidityRequest.Status?
            if let text = query.get("status") {
                guard let parsed = LiquidityRequest.Status(rawValue: text) else {
                    throw APIError(.invalidRequest, "query 'status' must be pending, approved or rejected")
                }
                status = parsed
            }
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
