import Corridors
import Foundation
import MekongCore
import Store

/// Sends one webhook delivery attempt and says what it came to.
///
/// Headers: Standard Webhooks (`webhook-id` = the event id, the same on every attempt;
/// `webhook-timestamp`; `webhook-signature` with one `v1,` signature per secret in force) and
/// the seeds' (`X-BakongPay-Signature` and `X-KHQR-Signature`, each the hex HMAC-SHA256 of the
/// raw body; `X-BakongPay-Event-Attempt`).
/// The destination is checked again before every attempt and the connection pinned to the
/// checked address; redirects are never followed; the receiver has 10 seconds.
struct WebhookSender: Sendable {
    let transport: HTTPTransport
    let guardrail: DestinationGuard
    let clock: any WallClock

    struct Result: Sendable {
        enum Verdict: Sendable, Equatable { case delivered, retry, gone }
        let verdict: Verdict
        let statusCode: Int?
        let durationMilliseconds: Int
        let error: String?
        let retryAfterSeconds: Int?
    }

    func send(eventID: String, payload: [UInt8], attempt: Int, subscription: WebhookSubscription) async -> Result {
        let cleared: DestinationGuard.Cleared
        do { cleared = try guardrail.clear(subscription.url) } catch {
            return Result(verdict: .retry, statusCode: nil, durationMilliseconds: 0, error: "refused destination: \(error)", retryAfterSeconds: nil)
        }
        let now = clock.now()
        let timestamp = Int(now.timeIntervalSince1970)
        var request = OutboundRequest(
            method: "POST", url: subscription.url,
            headers: [
                ("Content-Type", "application/json"),
                ("User-Agent", "Mekong-Webhooks/1"),
                ("webhook-id", eventID),
                ("webhook-timestamp", "\(timestamp)"),
                (
                    "webhook-signature",
                    WebhookSignature.header(secrets: subscription.signingSecrets(at: now), id: eventID, timestamp: timestamp, body: payload)
                ),
                ("X-BakongPay-Signature", WebhookSignature.bodyHex(secret: subscription.secret, body: payload)),
                ("X-KHQR-Signature", WebhookSignature.bodyHex(secret: subscription.secret, body: payload)),
                ("X-BakongPay-Event-Attempt", "\(attempt)"),
            ],
            body: payload, connectTimeoutMilliseconds: 5000, totalTimeoutMilliseconds: 10_000)
        request.pinnedAddress = (cleared.host, cleared.port, cleared.address)
        let started = Date()
        do {
            let response = try await transport.send(request)
            let retryAfter = response.header("retry-after").flatMap(Int.init)
            switch response.status {
            case 200..<300:
                return Result(
                    verdict: .delivered, statusCode: response.status, durationMilliseconds: response.durationMilliseconds, error: nil,
                    retryAfterSeconds: nil)
            case 410:
                return Result(
                    verdict: .gone, statusCode: 410, durationMilliseconds: response.durationMilliseconds, error: "410 Gone", retryAfterSeconds: nil)
            case 300..<400:
                return Result(
                    verdict: .retry, statusCode: response.status, durationMilliseconds: response.durationMilliseconds,
                    error: "redirects are not followed", retryAfterSeconds: retryAfter)
            default:
                return Result(
                    verdict: .retry, statusCode: response.status, durationMilliseconds: response.durationMilliseconds,
                    error: "HTTP \(response.status)", retryAfterSeconds: retryAfter)
            }
        } catch {
            return Result(
                verdict: .retry, statusCode: nil, durationMilliseconds: Int(Date().timeIntervalSince(started) * 1000),
                error: "\(error)", retryAfterSeconds: nil)
        }
    }
}
