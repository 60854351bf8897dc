import Foundation
import Hummingbird
import MekongCore
import Store

/// Webhook subscriptions, their delivery log, test sends and manual re-sends. Every route
/// needs an app key with the `webhook` permission; a client sees only its own subscriptions.
struct WebhookController {
    let webhooks: WebhookRepository
    let dispatcher: WebhookDispatcher
    let guardrail: DestinationGuard
    let rotationOverlap: TimeInterval
    let clock: any WallClock

    static let eventTypes: Set<String> = [
        "*", "payment.state_changed", "payment.settled", "payment.rejected", "payment.timeout", "payment.held",
        "refund.processed", "refund.failed", "reconciliation.daily",
        "charge.pending", "charge.paid", "charge.expired", "charge.failed", "liquidity.low", "liquidity.critical",
    ]
    /// The events treasury keys subscribe to, and only they: a position crossing its marks.
    /// (`*` does not include them; they go only to subscriptions that name them.)
    static let treasuryEventTypes: Set<String> = ["liquidity.low", "liquidity.critical"]

    struct TestAnswer: Encodable {
        let success: Bool
        let statusCode: Int?
        let responseTimeMs: Int
        let message: String
    }
    struct Deleted: Encodable {
        let id: String
        let deleted: Bool
    }
    struct Resent: Encodable {
        let deliveryId: String
        let attempt: Int
        let state: String
        let statusCode: Int?
        let responseTimeMs: Int
    }

    func caller(_ context: GatewayContext) throws -> Caller {
        let caller = try RoleGuard.require(context, .app, .treasury)
        guard caller.role == .admin || caller.role == .treasury || caller.permissions.contains("webhook") else {
            throw APIError(.forbidden, "managing webhooks needs an API key with the webhook permission")
        }
        return caller
    }

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("webhooks") { request, context in
            let caller = try caller(context)
            let (body, _) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["url", "events", "max_attempts", "format"])
            let format = try body.string("format", maxLength: 16) ?? "standard"
            guard ["standard", "bakongpay"].contains(format) else { throw APIError(.invalidRequest, "field 'format' must be standard or bakongpay") }
            let url = try body.requiredString("url", .identifier(2048))
            do { _ = try guardrail.clear(url) } catch { throw APIError(.invalidRequest, "field 'url': \(error)") }
            guard let events = try body.strings("events", maxCount: 16), !events.isEmpty else {
                throw APIError(.invalidRequest, "field 'events' must be a non-empty list of event types")
            }
            for event in events where !Self.eventTypes.contains(event) {
                throw APIError(
                    .invalidRequest, "field 'events': '\(event)' is not an event type (\(Self.eventTypes.sorted().joined(separator: ", ")))")
            }
            if caller.role == .treasury, let event = events.first(where: { !Self.treasuryEventTypes.contains($0) }) {
                throw APIError(
                    .invalidRequest,
                    "field 'events': a treasury key subscribes to \(Self.treasuryEventTypes.sorted().joined(separator: " and ")) only, not '\(event)'"
                )
            }
            if caller.role == .app, let event = events.first(where: { Self.treasuryEventTypes.contains($0) }) {
                throw APIError(.invalidRequest, "field 'events': '\(event)' is for treasury keys; an app key cannot subscribe to it")
            }
            let maxAttempts = try body.int("max_attempts", in: 1...10)
            let now = clock.now()
            let subscription = WebhookSubscription(
                id: Identifier.make("whk", at: now), clientID: caller.clientID, url: url, events: Array(Set(events)).sorted(), format: format,
                maxAttempts: maxAttempts, secret: WebhookSignature.makeSecret(), previousSecret: nil, previousSecretUntil: nil,
                state: "ENABLED", disabledReason: nil, createdAt: now)
            try await webhooks.insert(subscription)
            return try JSONResponse.make(.created, WebhookView(subscription, revealSecret: true))
        }
        group.get("webhooks") { _, context in
            let caller = try caller(context)
            return try JSONResponse.make(.ok, PageView(whole: try await webhooks.list(clientID: caller.clientID).map { WebhookView($0) }))
        }
        group.get("webhooks/:id") { _, context in
            let caller = try caller(context)
            return try JSONResponse.make(.ok, WebhookView(try await subscription(context, caller)))
        }
        group.delete("webhooks/:id") { _, context in
            let caller = try caller(context)
            let id = try context.parameters.requireDecoded("id")
            guard try await webhooks.delete(id: id, clientID: caller.clientID, at: clock.now()) else {
                throw APIError(.notFound, "webhook '\(id)' not found")
            }
            return try JSONResponse.make(.ok, Deleted(id: id, deleted: true))
        }
        group.post("webhooks/:id/rotate-secret") { _, context in
            let caller = try caller(context)
            let existing = try await subscription(context, caller)
            let secret = WebhookSignature.makeSecret()
            _ = try await webhooks.rotate(
                id: existing.id, clientID: caller.clientID, newSecret: secret,
                overlapUntil: clock.now().addingTimeInterval(rotationOverlap))
            return try JSONResponse.make(.ok, WebhookView(try await subscription(context, caller), revealSecret: true))
        }
        group.post("webhooks/:id/test") { _, context in
            let caller = try caller(context)
            let subscription = try await subscription(context, caller)
            let now = clock.now()
            let id = Identifier.make("evt", at: now)
            let payload =
                #"{"created_at":"\#(RFC3339.string(from: now))","data":{"message":"Test webhook from Mekong","subscription_id":"\#(subscription.id)"},"id":"\#(id)","type":"webhook.test"}"#
            let result = await dispatcher.sender.send(eventID: id, payload: Array(payload.utf8), attempt: 1, subscription: subscription)
            return try JSONResponse.make(
                .ok,
                TestAnswer(
                    success: result.verdict == .delivered, statusCode: result.statusCode, responseTimeMs: result.durationMilliseconds,
                    message: result.verdict == .delivered
                        ? "Test webhook delivered successfully" : "Test webhook failed: \(result.error ?? "unknown")"))
        }
        group.get("webhooks/:id/deliveries") { request, context in
            let caller = try caller(context)
            let subscription = try await subscription(context, caller)
            let page = try PageQuery.read(request.uri.queryParameters)
            return try JSONResponse.make(
                .ok, PageView(try await webhooks.attempts(subscriptionID: subscription.id, page: page).map(DeliveryAttemptView.init)))
        }
        group.post("deliveries/:id/resend") { _, context in
            let caller = try caller(context)
            let id = try context.parameters.requireDecoded("id")
            guard let delivery = try await webhooks.delivery(id: id, clientID: caller.clientID) else {
                throw APIError(.notFound, "delivery '\(id)' not found")
            }
            let result = await dispatcher.attempt(delivery, manual: true)
            return try JSONResponse.make(
                .ok,
                Resent(
                    deliveryId: id, attempt: delivery.attempts + 1,
                    state: result.verdict == .delivered ? "SUCCESS" : "FAILED",
                    statusCode: result.statusCode, responseTimeMs: result.durationMilliseconds))
        }
    }

    private func subscription(_ context: GatewayContext, _ caller: Caller) async throws -> WebhookSubscription {
        let id = try context.parameters.requireDecoded("id")
        guard let found = try await webhooks.find(id: id, clientID: caller.clientID) else { throw APIError(.notFound, "webhook '\(id)' not found") }
        return found
    }
}
