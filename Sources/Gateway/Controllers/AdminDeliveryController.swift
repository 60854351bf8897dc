import Foundation
import Hummingbird
import MekongCore
import Store

/// Staff's webhook delivery log across clients:
/// - `GET /admin/deliveries?state=&payment=&limit=&cursor=`: newest first;
/// - `POST /admin/deliveries/{id}/resend`: one more attempt now, through the same dispatcher
///   as a client's re-send and the scheduled retries, audited as `delivery.resend`.
struct AdminDeliveryController {
    let webhooks: WebhookRepository
    let dispatcher: WebhookDispatcher
    let audit: AuditRepository
    let clock: any WallClock

    static let states: Set<String> = ["PENDING", "RETRYING", "SUCCESS", "FAILED"]

    func register(on group: RouterGroup<GatewayContext>) {
        group.get("deliveries") { request, context in
            try RoleGuard.require(context, .ops)
            let query = request.uri.queryParameters
            let state = query.get("state").map { $0.uppercased() }.flatMap { $0.isEmpty ? nil : $0 }
            if let state, !Self.states.contains(state) {
                throw APIError(.invalidRequest, "query 'state' must be one of \(Self.states.sorted().joined(separator: ", "))")
            }
            let payment = query.get("payment").map { String($0) }.flatMap { $0.isEmpty ? nil : $0 }
            let log = try await webhooks.log(state: state, aggregateID: payment, page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(log.map(DeliverySummaryView.init)))
        }
        group.post("deliveries/:id/resend") { _, context in
            let caller = try RoleGuard.require(context, .ops)
            let id = try context.parameters.requireDecoded("id")
            guard let delivery = try await webhooks.delivery(id: id, clientID: nil) else { throw APIError(.notFound, "delivery '\(id)' not found") }
            let result = await dispatcher.attempt(delivery, manual: true)
            let answer = WebhookController.Resent(
                deliveryId: id, attempt: delivery.attempts + 1,
                state: result.verdict == .delivered ? "SUCCESS" : "FAILED",
                statusCode: result.statusCode, responseTimeMs: result.durationMilliseconds)
            try await audit.record(
                AuditEntry(
                    actorKeyID: caller.keyID, action: "delivery.resend", target: id,
                    before: nil, after: try AuditEntry.json(answer), at: clock.now(),
                    sourceAddress: context.remoteAddress))
            return try JSONResponse.make(.ok, answer)
        }
    }
}
