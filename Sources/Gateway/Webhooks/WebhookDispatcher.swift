import Foundation
import Metrics
import Logging
import MekongCore
import ServiceLifecycle
import Store

/// Delivers the outbox as webhooks, at least once.
///
/// Every poll it fans new outbox events out to deliveries (one statement, `SKIP LOCKED`), then
/// claims due deliveries under a lease and sends them, `workers` at a time. A delivery whose
/// instance dies mid-send is taken again when its lease expires; receivers dedupe on
/// `webhook-id`. Each attempt is recorded; the schedule decides the next one; 410 disables the
/// subscription; the last failure marks the delivery FAILED, from where it can be re-sent by hand.
public struct WebhookDispatcher: Service {
    let webhooks: WebhookRepository
    let sender: WebhookSender
    let clock: any WallClock
    let logger: Logger
    let pollInterval: Duration
    let workers: Int
    let retryPercent: Int
    static let lease: TimeInterval = 30

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var busy = false
            do {
                busy = try await webhooks.fanOut(limit: 1000, now: clock.now()) > 0
                let due = try await webhooks.claimDue(limit: workers * 4, lease: Self.lease, now: clock.now())
                busy = busy || !due.isEmpty
                let records = await withTaskGroup(of: WebhookRepository.AttemptRecord.self) { group in
                    var running = 0
                    var records: [WebhookRepository.AttemptRecord] = []
                    for delivery in due {
                        if running >= workers, let done = await group.next() { records.append(done); running -= 1 }
                        group.addTask { await send(delivery).record }
                        running += 1
                    }
                    for await done in group { records.append(done) }
                    return records
                }
                try await webhooks.recordAll(records)
            } catch {
                logger.warning("webhook poll failed", metadata: ["error": "\(error)"])
            }
            if !busy { try? await Task.sleep(for: pollInterval) }
        }
    }

    /// Makes one attempt at a delivery now and records it (a manual re-send: no automatic retry).
    func attempt(_ delivery: WebhookDelivery, manual: Bool = false) async -> WebhookSender.Result {
        let (result, record) = await send(delivery, manual: manual)
        do {
            try await webhooks.record(record)
        } catch {
            logger.warning("could not record a webhook attempt", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
        return result
    }

    /// Sends one attempt and works out what to record: the state, and when to try next.
    func send(_ delivery: WebhookDelivery, manual: Bool = false) async -> (result: WebhookSender.Result, record: WebhookRepository.AttemptRecord) {
        let number = delivery.attempts + 1
        let result = await sender.send(eventID: delivery.eventID, payload: Array(delivery.payload.utf8), attempt: number,
                                       subscription: delivery.subscription)
        let now = clock.now()
        let schedule = RetrySchedule(for: delivery.subscription, percent: retryPercent)
        var state: String, next: Date?
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
        Counter(label: "mekong_webhook_attempts_total", dimensions: [("result", outcome)]).increment()
        Timer(label: "mekong_webhook_attempt_duration_seconds", dimensions: [("result", outcome)], preferredDisplayUnit: .seconds)
            .recordMilliseconds(result.durationMilliseconds)
        return (result, WebhookRepository.AttemptRecord(
            deliveryID: delivery.id, attempt: number, state: state, statusCode: result.statusCode,
            durationMilliseconds: result.durationMilliseconds, error: result.error, at: now, nextAttemptAt: next,
            disableSubscription: result.verdict == .gone ? delivery.subscription.id : nil))
    }
}
