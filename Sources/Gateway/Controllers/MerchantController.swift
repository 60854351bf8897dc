import Foundation
import Hummingbird
import MekongCore
import Store

/// The KHQR gateway's merchant routes: `POST /api/v1/merchant/register` (no key; only when
/// `khqr.open_registration` is on), `POST /api/v1/merchant/webhook` and `…/webhook/test`,
/// `GET /api/v1/merchant/stats`, and `POST/GET/DELETE /api/v1/merchant/api-keys`. A merchant
/// is a client; its keys are merchant keys (the KHQR API only) with the `webhook` permission.
struct MerchantController {
    let charges: ChargeRepository
    let keys: APIKeyRepository
    let webhooks: WebhookRepository
    let dispatcher: WebhookDispatcher
    let guardrail: DestinationGuard
    let openRegistration: Bool
    let clock: any WallClock

    static let chargeEvents = ["charge.paid", "charge.expired", "charge.failed"]

    func register(api: RouterGroup<GatewayContext>, router: Router<GatewayContext>) {
        router.post("api/v1/merchant/register") { request, context in
            guard openRegistration else {
                throw APIError(
                    MekongError(
                        .forbidden, "merchant registration is closed on this gateway (khqr.open_registration)",
                        advice: "Ask an admin for a merchant key (POST /admin/keys with role merchant)"))
            }
            let body = try await ChargeRequestBody.read(request, context: context, allowed: ["email", "name", "bakong_account_id", "city"])
            guard let email = try ChargeRequestBody.string(body, "email", .identifier(254)), email.contains("@"), !email.hasPrefix("@") else {
                throw APIError(.invalidRequest, "field 'email' must be an email address")
            }
            guard let name = try ChargeRequestBody.string(body, "name", .name(100)) else {
                throw APIError(.invalidRequest, "field 'name' is required")
            }
            let now = clock.now()
            let made = APIKeyMaker.make(
                role: Role.merchant.rawValue, name: "\(name) (merchant)", clientID: Identifier.make("cli", at: now),
                environment: "live", permissions: ["webhook"], now: now)
            let slug = String(
                name.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.prefix(20).map(Character.init))
            let account = try ChargeRequestBody.string(body, "bakong_account_id", .identifier(32)) ?? "\(slug.isEmpty ? "merchant" : slug)@mekong"
            guard account.contains("@") else { throw APIError(.invalidRequest, "field 'bakong_account_id' has the form name@bank") }
            let city = try ChargeRequestBody.string(body, "city", .name(15)) ?? "Phnom Penh"
            let merchant = MerchantRecord(
                clientID: made.record.clientID, email: email, name: name, bakongAccountID: account, city: city, createdAt: now)
            guard try await charges.register(merchant, key: made.record, secretHash: made.secretHash) else {
                throw APIError(.stateConflict, "a merchant with this email is already registered")
            }
            return ChargeController.json(
                .ok,
                .object([
                    .init(key: "id", value: .string(merchant.clientID)), .init(key: "email", value: .string(email)),
                    .init(key: "name", value: .string(name)), .init(key: "bakong_account_id", value: .string(account)),
                    .init(key: "api_key", value: .string(made.plaintext)), .init(key: "created_at", value: .string(RFC3339.string(from: now))),
                ]))
        }
        api.post("merchant/webhook") { request, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            guard caller.role == .admin || caller.permissions.contains("webhook") else {
                throw APIError(.forbidden, "this key lacks the webhook permission")
            }
            let body = try await ChargeRequestBody.read(request, context: context, allowed: ["url", "format", "max_attempts"])
            guard let url = try ChargeRequestBody.string(body, "url", .identifier(2048)) else {
                throw APIError(.invalidRequest, "field 'url' is required")
            }
            do { _ = try guardrail.clear(url) } catch { throw APIError(.invalidRequest, "field 'url': \(error)") }
            let format = try ChargeRequestBody.string(body, "format", maximum: 16) ?? "standard"
            guard ["standard", "bakongpay"].contains(format) else { throw APIError(.invalidRequest, "field 'format' must be standard or bakongpay") }
            // Seed 003: the BakongPay format retries 2^(n-1) s apart up to max_attempts (1–10,
            // 5 unless given). Seed 002: the standard format retries after 1, 5 and 15 min.
            let maxAttempts = try ChargeRequestBody.int(body, "max_attempts", in: 1...10) ?? (format == "bakongpay" ? 5 : nil)
            let now = clock.now()
            for old in try await merchantWebhooks(caller) { _ = try await webhooks.delete(id: old.id, clientID: caller.clientID, at: now) }
            let subscription = WebhookSubscription(
                id: Identifier.make("whk", at: now), clientID: caller.clientID, url: url,
                events: format == "bakongpay" ? ["charge.pending"] + Self.chargeEvents : Self.chargeEvents, format: format,
                maxAttempts: maxAttempts, secret: WebhookSignature.makeSecret(), previousSecret: nil, previousSecretUntil: nil,
                state: "ENABLED", disabledReason: nil, createdAt: now)
            try await webhooks.insert(subscription)
            return ChargeController.json(
                .ok,
                .object([
                    .init(key: "url", value: .string(url)), .init(key: "webhook_secret", value: .string(subscription.secret)),
                    .init(key: "format", value: .string(format)),
                    .init(key: "max_attempts", value: .number(String(RetrySchedule(for: subscription).attempts))),
                    .init(key: "retry_schedule", value: .string(RetrySchedule(for: subscription).description)),
                    .init(key: "updated_at", value: .string(RFC3339.string(from: now))),
                ]))
        }
        api.post("merchant/webhook/test") { _, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            guard let subscription = try await merchantWebhooks(caller).first else {
                throw APIError(.notFound, "no webhook is configured: POST /api/v1/merchant/webhook first")
            }
            let merchantName = try await charges.merchant(clientID: caller.accountID)?.name ?? ""
            let (id, payload) = ChargeEvents.test(format: subscription.format, merchantName: merchantName, at: clock.now())
            let result = await dispatcher.sender.send(eventID: id, payload: Array(payload.utf8), attempt: 1, subscription: subscription)
            return ChargeController.json(
                .ok,
                .object([
                    .init(key: "success", value: .bool(result.verdict == .delivered)),
                    .init(key: "status_code", value: result.statusCode.map { .number(String($0)) } ?? .null),
                    .init(key: "response_time_ms", value: .number(String(result.durationMilliseconds))),
                    .init(
                        key: "message",
                        value: .string(
                            result.verdict == .delivered ? "Test webhook delivered successfully" : "Test webhook failed: \(result.error ?? "unknown")"
                        )),
                ]))
        }
        api.get("merchant/stats") { _, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            let (counts, paid) = try await charges.stats(clientID: caller.clientID)
            func decimal(_ minor: Int64) -> ExactJSON { ExactJSON.decimal(Money(minorUnits: minor, currency: .USD).decimalString) }
            let usd = paid["USD"] ?? (0, 0)
            var byCurrency: [ExactJSON.Member] = []
            for (code, sums) in paid.sorted(by: { $0.key < $1.key }) {
                byCurrency.append(
                    .init(
                        key: code,
                        value: .object([
                            .init(key: "total_paid", value: .number(String(sums.count))),
                            .init(
                                key: "total_amount",
                                value: ExactJSON.decimal(Money(minorUnits: sums.minor, currency: Currency.named(code) ?? .USD).decimalString)),
                        ])))
            }
            let totalPaid = counts[.paid] ?? 0
            return ChargeController.json(
                .ok,
                .object([
                    .init(key: "total_charges", value: .number(String(counts.values.reduce(0, +)))),
                    .init(key: "total_paid", value: .number(String(totalPaid))),
                    .init(key: "total_amount", value: decimal(usd.minor)),
                    .init(key: "pending_charges", value: .number(String(counts[.pending] ?? 0))),
                    .init(key: "expired_charges", value: .number(String(counts[.expired] ?? 0))),
                    .init(key: "failed_charges", value: .number(String(counts[.failed] ?? 0))),
                    // USD, rounded half up to the cent.
                    .init(key: "average_amount", value: decimal(usd.count == 0 ? 0 : (usd.minor * 2 + Int64(usd.count)) / (2 * Int64(usd.count)))),
                    .init(key: "currency", value: .string("USD")),
                    .init(key: "by_currency", value: .object(byCurrency)),
                ]))
        }
        api.post("merchant/api-keys") { request, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            let body = try await ChargeRequestBody.read(request, context: context, allowed: ["name", "environment"])
            guard let name = try ChargeRequestBody.string(body, "name", maximum: 100), !name.isEmpty else {
                throw APIError(.invalidRequest, "field 'name' is required")
            }
            let environment = try ChargeRequestBody.string(body, "environment", maximum: 4) ?? "live"
            guard ["live", "test"].contains(environment) else { throw APIError(.invalidRequest, "field 'environment' must be live or test") }
            let now = clock.now()
            let made = APIKeyMaker.make(
                role: Role.merchant.rawValue, name: name, clientID: caller.accountID, environment: environment,
                permissions: Array(caller.permissions).sorted(), now: now)
            try await keys.create(
                made.record, secretHash: made.secretHash,
                audit: AuditEntry(
                    actorKeyID: caller.keyID, action: "key.create", target: made.record.id, before: nil,
                    after: #"{"client_id":"\#(caller.accountID)","role":"merchant"}"#, at: now, sourceAddress: context.remoteAddress))
            return ChargeController.json(
                .ok,
                .object([
                    .init(key: "id", value: .string(made.record.id)), .init(key: "name", value: .string(name)),
                    .init(key: "key", value: .string(made.plaintext)), .init(key: "environment", value: .string(environment)),
                    .init(key: "created_at", value: .string(RFC3339.string(from: now))),
                ]))
        }
        api.get("merchant/api-keys") { _, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            let own = try await keys.all(clientID: caller.accountID).filter { $0.revokedAt == nil }
            return ChargeController.json(
                .ok,
                .object([
                    .init(
                        key: "data",
                        value: .array(
                            own.map { key in
                                .object([
                                    .init(key: "id", value: .string(key.id)), .init(key: "name", value: .string(key.name)),
                                    .init(key: "environment", value: .string(key.prefix.hasPrefix("mk_test_") ? "test" : "live")),
                                    .init(key: "key_prefix", value: .string(key.prefix + "...")),
                                    .init(key: "created_at", value: .string(RFC3339.string(from: key.createdAt))),
                                ])
                            })), .init(key: "has_more", value: .bool(false)), .init(key: "next_cursor", value: .null),
                ]))  // the seed's shape; always whole
        }
        api.delete("merchant/api-keys/:id") { _, context in
            let caller = try RoleGuard.require(context, .app, .merchant)
            let id = try context.parameters.requireDecoded("id")
            guard try await keys.all(clientID: caller.accountID).contains(where: { $0.id == id }) else {
                throw APIError(.notFound, "API key '\(id)' not found")
            }
            _ = try await keys.revoke(id: id, at: clock.now()) { before in
                AuditEntry(
                    actorKeyID: caller.keyID, action: "key.revoke", target: id, before: nil, after: nil, at: clock.now(),
                    sourceAddress: context.remoteAddress)
            }
            return ChargeController.json(
                .ok, .object([.init(key: "success", value: .bool(true)), .init(key: "message", value: .string("API key revoked"))]))
        }
    }

    /// The client's subscriptions made through the merchant webhook route (charge events), newest first.
    private func merchantWebhooks(_ caller: Caller) async throws -> [WebhookSubscription] {
        try await webhooks.list(clientID: caller.clientID).filter { $0.events.contains("charge.paid") }.sorted { $0.createdAt > $1.createdAt }
    }
}
