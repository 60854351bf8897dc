import Foundation
import Logging
import MekongCore
import Metrics
import ServiceLifecycle
import Store
import Tracing

/// Delivers the outbox as webhooks, at least once.
///
/// Every poll it fans new outbox events out to deliveries (one statement, `SKIP LOCKED`), then
/// claims due deliveries under a lease and sends them, `workers` at a time. A delivery whose
/// instance dies mid-send is taken again when its lease expires; receivers dedupe on
/// `webhook-id`. Each attempt is recorded; the schedule decides the next one; 410 disables the
/// subscription; the last failure marks the delivery FAILED, from where it can be re-sent by hand.
public struct WebhookDispatcher: Service {
    private static let attempts = MetricHandles { labels in Counter(label: "mekong_webhook_attempts_total", dimensions: [("result", labels[0])]) }
    /// From the event's creation to its delivery (retries included).
    private static let deliveryLatency = Timer(label: "mekong_webhook_delivery_latency_seconds", preferredDisplayUnit: .seconds)
    private static let attemptDurations = MetricHandles { labels in
        Timer(label: "mekong_webhook_attempt_duration_seconds", dimensions: [("result", labels[0])], preferredDisplayUnit: .seconds)
    }

    let webhooks: WebhookRepository
    let sender: WebhookSender
    let clock: any WallClock
    let logger: Logger
    let pollInterval: Duration
    let workers: Int
    let retryPercent: Int
    static let lease: TimeInterval = 30

    public func run() async throws {
        await PollingLoop.run(every: pollInterval) {
            var busy = false
            do {
                busy = try await fanOut() > 0
                let due = try await webhooks.claimDue(limit: workers * 4, lease: Self.lease, now: clock.now())
                busy = busy || !due.isEmpty
                let sent = await withTaskGroup(of: (attempt: DeliveryAttempt, gone: String?).self) { group in
                    var running = 0
                    var sent: [(attempt: DeliveryAttempt, gone: String?)] = []
                    for delivery in due {
                        if running >= workers, let done = await group.next() {
                            sent.append(done)
                            running -= 1
                        }
                        group.addTask {
                            let made = await send(delivery)
                            return (made.attempt, made.gone)
                        }
                        running += 1
                    }
                    for await done in group { sent.append(done) }
                    return sent
                }
                try await webhooks.recordAll(sent.map(\.attempt), gone: Set(sent.compactMap(\.gone)))
            } catch {
                logger.warning("webhook poll failed", metadata: ["error": "\(StoreError.summary(error))"])
            }
            return busy
        }
    }

    /// Fans new events out to deliveries. With tracing on, a batch that took events of traced
    /// payments is one `outbox.fan_out` span, linked to each of those payments' traces (a
    /// batch serves many payments, so it is no one trace's child).
    private func fanOut() async throws -> Int {
        let started = DefaultTracerClock.now
        let fanned = try await webhooks.fanOut(limit: 1000, now: clock.now())
        guard !fanned.traceParents.isEmpty else { return fanned.events }
        let span = InstrumentationSystem.tracer.startSpan("outbox.fan_out", context: .topLevel, at: started)
        span.attributes["mekong.outbox.events"] = fanned.events
        for traceParent in fanned.traceParents {
            span.addLink(SpanLink(context: TraceContext.continuing(traceParent), attributes: [:]))
        }
        span.end()
        return fanned.events
    }

    /// Makes one attempt at a delivery now and records it (a manual re-send: no automatic retry).
    func attempt(_ delivery: WebhookDelivery, manual: Bool = false) async -> WebhookSender.Result {
        let (result, attempt, gone) = await send(delivery, manual: manual)
        do {
            try await webhooks.record(attempt, gone: gone)
        } catch {
            logger.warning("could not record a webhook attempt", metadata: ["delivery": "\(delivery.id)", "error": "\(StoreError.summary(error))"])
        }
        return result
    }

    /// Sends one attempt and works out what to record: the state, and when to try next.
    /// `gone` is the subscription to disable when the receiver answered 410.
    func send(_ delivery: WebhookDelivery, manual: Bool = false) async -> (result: WebhookSender.Result, attempt: DeliveryAttempt, gone: String?) {
        let number = delivery.attempts + 1
        // A client span in the payment's trace; the delivery carries its traceparent.
        let result = await withSpan("webhook.deliver", context: TraceContext.continuing(delivery.traceParent), ofKind: .client) { span in
            let result = await sender.send(
                eventID: delivery.eventID, payload: Array(delivery.payload.utf8), attempt: number,
                subscription: delivery.subscription)
            span.attributes["mekong.webhook.event_type"] = delivery.eventType
            span.attributes["mekong.webhook.attempt"] = number
            if let status = result.statusCode { span.attributes["http.response.status_code"] = status }
            return result
        }
        let now = clock.now()
        let schedule = RetrySchedule(for: delivery.subscription, percent: retryPercent)
        var state: String
        var next: Date?
        switch result.verdict {
        case .delivered: (state, next) = ("SUCCESS", nil)
        case .gone: (state, next) = ("FAILED", nil)
        case .retry:
            let jitter = Int.random(in: -1000...1000)
            if !manual, let delay = schedule.delayMilliseconds(after: number, jitter: jitter, retryAfterSeconds: result.retryAfterSeconds) {
                (state, next) = ("RETRYING", now.addingTimeInterval(TimeInterval(delay) / 1000))
            } else {
                (state, next) = ("FAILED", nil)
            }
        }
        let outcome = state == "RETRYING" ? "retry" : state == "SUCCESS" ? "delivered" : "failed"
        Self.attempts(outcome).increment()
        if outcome == "delivered", !manual, let created = delivery.eventCreatedAt {
            Self.deliveryLatency.recordNanoseconds(Int64(max(0, now.timeIntervalSince(created)) * 1_000_000_000))
        }
        Self.attemptDurations(outcome).recordMilliseconds(result.durationMilliseconds)
        return (
            result,
            DeliveryAttempt(
                deliveryID: delivery.id, attempt: number, state: state, statusCode: result.statusCode,
                durationMilliseconds: result.durationMilliseconds, error: result.error, at: now, nextAttemptAt: next),
            result.verdict == .gone ? delivery.subscription.id : nil
        )
    }
}
