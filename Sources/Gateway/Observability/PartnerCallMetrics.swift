import MekongCore
import Metrics
import Store

/// `mekong_partner_call_duration_seconds{corridor, operation, outcome}`: each partner call's
/// time, by what it asked (send, inquire, resend, batch) and the kind of answer (settled,
/// pending, rejected, not_found, deferred, ambiguous — no usable answer). Inbound payments'
/// Bakong credits are `corridor="BAKONG"`.
enum PartnerCallMetrics {
    private static let durations = MetricHandles { labels in
        Timer(
            label: "mekong_partner_call_duration_seconds",
            dimensions: [("corridor", labels[0]), ("operation", labels[1]), ("outcome", labels[2])], preferredDisplayUnit: .seconds)
    }

    static func record(corridor: String, operation: String, outcome: PartnerOutcome, since started: ContinuousClock.Instant) {
        durations(corridor, operation, name(of: outcome)).recordNanoseconds(Int64((ContinuousClock.now - started) / .nanoseconds(1)))
    }

    /// The outcome's label: its kind of answer, never its details.
    static func name(of outcome: PartnerOutcome) -> String {
        switch outcome {
        case .settled: "settled"
        case .pending: "pending"
        case .rejected: "rejected"
        case .notFound: "not_found"
        case .deferred: "deferred"
        case .ambiguous: "ambiguous"
        }
    }
}
