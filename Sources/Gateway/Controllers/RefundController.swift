import Foundation
import Hummingbird
import MekongCore
import Store

/// `POST /v1/payments/{id}/refunds` (with `Idempotency-Key`), `GET /v1/payments/{id}/refunds`
/// and `GET /v1/refunds/{id}`.
struct RefundController {
    let desk: RefundProcessor
    let refunds: RefundRepository
    let payments: PaymentRepository

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("payments/:id/refunds") { request, context in
            let caller = try RoleGuard.require(context, .app)
            let paymentID = try context.parameters.requireDecoded("id")
            let key = try IdempotencyKeyHeader.read(request)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            var requested: Money?
            var reason: String?
            if buffer.readableBytes > 0 {
                let body = try JSONObject.parse(buffer)
                try body.allowOnly(["amount", "reason"])
                if body.values["amount"] != nil { requested = try body.requiredMoney("amount") }
                reason = try body.string("reason", maxLength: 140)
            }
            let answer = try await desk.create(
                clientID: caller.clientID, paymentID: paymentID, key: key,
                requestHash: PaymentIntake.fingerprint(route: "POST /v1/payments/\(paymentID)/refunds", body: buffer),
                requested: requested, reason: reason)
            return answer.response
        }
        group.get("payments/:id/refunds") { _, context in
            let caller = try RoleGuard.require(context, .app)
            let paymentID = try context.parameters.requireDecoded("id")
            guard try await payments.find(id: paymentID, clientID: caller.clientID) != nil else {
                throw APIError(.notFound, "payment '\(paymentID)' not found")
            }
            return try JSONResponse.make(.ok, PageView(whole: try await refunds.list(paymentID: paymentID).map(RefundView.init)))
        }
        group.get("refunds/:id") { _, context in
            let caller = try RoleGuard.require(context, .app)
            let id = try context.parameters.requireDecoded("id")
            guard let refund = try await refunds.find(id: id, clientID: caller.clientID) else {
                throw APIError(.notFound, "refund '\(id)' not found")
            }
            return try JSONResponse.make(.ok, RefundView(refund))
        }
    }
}
