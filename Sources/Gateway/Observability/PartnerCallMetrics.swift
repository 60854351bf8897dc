import MekongCore
import Metrics

/// `mekong_partner_call_duration_seconds{corridor, operation, outcome}`: each partner call's
/// time, by what it asked (send, inquire, resend, batch) and the kind of answer (settled,
/// pending, rejected, not_found, deferred, ambiguous — no usable answer). Inbound payments'
/// Bakong credits are `corridor="BAKONG"`.
enum PartnerCallMetrics {
    static func record(corridor: String, operation: String, outcome: PartnerOutcome, since started: ContinuousClock.Instant) {
        let kind = switch outcome {
        case .settled: "settled"
        case .pending: "pending"
        case .rejected: "rejected"
        case .notFound: "not_found"
        case .deferred: "deferred"
        case .ambiguous: "ambiguous"
        }
        Timer(label: "mekong_partner_call_duration_seconds",
              dimensions: [("corridor", corridor), ("operation", operation), ("outcome", kind)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
    }
}
