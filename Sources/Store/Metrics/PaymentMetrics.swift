import Foundation
import MekongCore
import Metrics

/// The payment series, recorded where a change commits (so a lost compare-and-set records
/// nothing), through swift-metrics (the gateway exports them in the Prometheus format):
///
/// - `mekong_payment_transitions_total{corridor, from, to}`: every committed transition, the
///   three of acceptance (`from` is `none` for INITIATED) included;
/// - `mekong_payments_accepted_total{corridor, payment_type, direction}`: payments stored;
/// - `mekong_payment_time_to_final_seconds{corridor, state}`: from creation to a final state.
///
/// Labels are small fixed sets: corridor ids, state names, payment types. Never an id.
public enum PaymentMetrics {
    private static let accepted = MetricHandles { labels in
        Counter(
            label: "mekong_payments_accepted_total", dimensions: [("corridor", labels[0]), ("payment_type", labels[1]), ("direction", labels[2])])
    }
    private static let timeToFinal = MetricHandles { labels in
        Timer(
            label: "mekong_payment_time_to_final_seconds", dimensions: [("corridor", labels[0]), ("state", labels[1])], preferredDisplayUnit: .seconds
        )
    }
    private static let transitions = MetricHandles { labels in
        Counter(label: "mekong_payment_transitions_total", dimensions: [("corridor", labels[0]), ("from", labels[1]), ("to", labels[2])])
    }

    static func created(_ payment: PaymentRecord, history: [HistoryEntry]) {
        accepted(payment.corridorID, payment.paymentType.rawValue, payment.direction.rawValue).increment()
        for entry in history {
            transition(corridor: payment.corridorID, from: entry.fromState, to: entry.toState)
        }
    }

    static func committed(_ change: PaymentChange) {
        guard !change.corridorID.isEmpty else { return }
        transition(corridor: change.corridorID, from: change.fromState, to: change.machine.state)
        if change.machine.state.isFinal, let created = change.createdAt {
            timeToFinal(change.corridorID, change.machine.state.rawValue).recordNanoseconds(
                Int64(max(0, change.at.timeIntervalSince(created)) * 1_000_000_000))
        }
    }

    private static func transition(corridor: String, from: PaymentState?, to: PaymentState) {
        transitions(corridor, from?.rawValue ?? "none", to.rawValue).increment()
    }
}
