public import Foundation

/// What the database says at a scrape: the figures a gauge shows rather than a counter
/// accumulates, read in one statement (`ObservabilityRepository.counts`).
public struct OperationalCounts: Sendable, Equatable {
    /// (corridor, state) → payments in that non-final state.
    public var paymentsByState: [String: [String: Int]] = [:]
    /// corridor → age in seconds of its oldest payment not final and not held (a hold — the
    /// Bakong window, a closed corridor, an open breaker — has its own gauges).
    public var oldestOpenAgeSeconds: [String: Double] = [:]
    /// Outbox events not yet fanned out to deliveries, and the oldest one's age in seconds.
    public var outboxWaiting = 0
    public var outboxOldestAgeSeconds: Double = 0
    /// Deliveries by state among PENDING and RETRYING.
    public var deliveriesWaiting: [String: Int] = [:]
    public var subscriptionsDisabled = 0
    /// corridor → the creation time of its latest current reconciliation run.
    public var lastReconciliation: [String: Date] = [:]
    /// class → open reconciliation exceptions.
    public var openExceptions: [String: Int] = [:]

    public init() {}
}
