public import Foundation
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
    static func created(_ payment: PaymentRecord, history: [HistoryEntry]) {
        Counter(label: "mekong_payments_accepted_total", dimensions: [
            ("corridor", payment.corridorID), ("payment_type", payment.paymentType.rawValue), ("direction", payment.direction.rawValue),
        ]).increment()
        for entry in history {
            transition(corridor: payment.corridorID, from: entry.fromState, to: entry.toState)
        }
    }

    static func committed(_ change: PaymentChange) {
        guard !change.corridorID.isEmpty else { return }
        transition(corridor: change.corridorID, from: change.fromState, to: change.machine.state)
        if change.machine.state.isFinal, let created = change.createdAt {
            Timer(label: "mekong_payment_time_to_final_seconds",
                  dimensions: [("corridor", change.corridorID), ("state", change.machine.state.rawValue)],
                  preferredDisplayUnit: .seconds)
                .recordNanoseconds(Int64(max(0, change.at.timeIntervalSince(created)) * 1_000_000_000))
        }
    }

    private static func transition(corridor: String, from: PaymentState?, to: PaymentState) {
        Counter(label: "mekong_payment_transitions_total",
                dimensions: [("corridor", corridor), ("from", from?.rawValue ?? "none"), ("to", to.rawValue)]).increment()
    }
}
