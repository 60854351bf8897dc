import FX
import Foundation
import Hummingbird
import MekongCore
import Metrics
import Prometheus
import Store

/// `GET /metrics` (ops key, as a Prometheus bearer token): the process's swift-metrics
/// registry in the Prometheus text format (`MetricsRegistry`). Counters and histograms are
/// recorded where things happen (requests, transitions, partner calls, deliveries, database
/// calls); the gauges below are read at each scrape — live corridor state on this instance,
/// counts from the database, the process's own figures. Every series is in docs/OPERATIONS.md.
struct MetricsController {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let bakong: MaintenanceCalendar
    let observability: ObservabilityRepository
    let clock: any WallClock
    /// `database.pool_size`: the most connections the pool opens.
    let poolSize: Int
    /// The sanctions lists this instance screens against, and the reviews waiting.
    let screening: ScreeningBoard
    let reviews: ScreeningReviewRepository
    /// Prefunded corridors' positions.
    let liquidity: LiquidityRepository

    func register(on group: RouterGroup<GatewayContext>) {
        group.get { _, context in
            try RoleGuard.require(context, .ops)
            try await recordGauges()
            var bytes: [UInt8] = []
            MetricsRegistry.shared.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    func recordGauges() async throws {
        let now = clock.now()
        for entry in catalog.entries {
            let id = entry.spec.id
            let live = CorridorJudge.judge(entry, catalog: catalog, bakong: bakong, at: now).state
            Gauge(label: "mekong_corridor_open", dimensions: [("corridor", id)]).record(live.isOpen ? 1 : 0)
            for state in LiveCorridorState.State.allCases {
                Gauge(label: "mekong_corridor_state", dimensions: [("corridor", id), ("state", state.rawValue)]).record(live.state == state ? 1 : 0)
            }
            let breaker = catalog.breakers.breaker(id)
            let state: Double =
                switch breaker.state {
                case .closed: 0
                case .halfOpen: 1
                case .open: 2
                }
            Gauge(label: "mekong_corridor_breaker_state", dimensions: [("corridor", id)]).record(state)
            Gauge(label: "mekong_corridor_breaker_consecutive_failures", dimensions: [("corridor", id)]).record(Double(breaker.consecutiveFailures))
            let windows = catalog.board.activeWindow(id, at: now) == nil ? 0 : 1
            Gauge(label: "mekong_corridor_maintenance_active", dimensions: [("corridor", id)]).record(Double(windows))
            // How long after its hand-off a payment is expected to settle: at once (real time),
            // or at its cycle's close (batch). Alert rules add their grace to it.
            let expected: Double =
                switch entry.spec.settlement {
                case .realTime: 0
                case .batch(let seconds): Double(seconds)
                }
            Gauge(label: "mekong_corridor_settlement_expected_seconds", dimensions: [("corridor", id)]).record(expected)
        }
        for provider in Set(catalog.entries.compactMap(\.spec.fxProvider)).sorted() {
            guard let snapshot = rates.inForce(provider: provider, at: now) else { continue }
            let age = snapshot.age(at: now)
            Gauge(label: "mekong_rate_snapshot_age_seconds", dimensions: [("provider", provider)]).record(age)
            Gauge(label: "mekong_rate_snapshot_expires_in_seconds", dimensions: [("provider", provider)])
                .record(rates.maximumAge(provider: provider) - age)
        }
        let lists = screening.lists
        Gauge(label: "mekong_sanctions_lists_in_force").record(Double(lists.count))
        for list in lists {
            Gauge(label: "mekong_sanctions_list_age_seconds", dimensions: [("list", list.name)]).record(list.age(at: now))
            Gauge(label: "mekong_sanctions_list_entries", dimensions: [("list", list.name)]).record(Double(list.entryCount))
            Gauge(label: "mekong_sanctions_list_stale", dimensions: [("list", list.name)]).record(list.age(at: now) > screening.maxAge ? 1 : 0)
        }
        let (open, oldest) = try await reviews.openCount()
        Gauge(label: "mekong_screening_reviews_open").record(Double(open))
        Gauge(label: "mekong_screening_review_oldest_age_seconds").record(oldest.map { now.timeIntervalSince($0) } ?? 0)
        for position in try await liquidity.positions() {
            let policy = catalog.entry(position.corridorID)?.spec.liquidity
            let exponent = Currency.named(position.currency)?.minorUnitsPerMajor ?? 100
            let dimensions = [("corridor", position.corridorID), ("currency", position.currency)]
            Gauge(label: "mekong_liquidity_available", dimensions: dimensions).record(Double(position.availableMinor) / Double(exponent))
            Gauge(label: "mekong_liquidity_reserved", dimensions: dimensions).record(Double(position.reservedMinor) / Double(exponent))
            Gauge(label: "mekong_liquidity_queued", dimensions: [("corridor", position.corridorID)]).record(Double(position.queued))
            let level = PositionMarks(position, policy: policy).level(of: position)
            Gauge(label: "mekong_liquidity_level", dimensions: [("corridor", position.corridorID)]).record(level.gauge)
        }
        let counts = try await observability.counts(now: now)
        for entry in catalog.entries {
            let byState = counts.paymentsByState[entry.spec.id] ?? [:]
            for state in PaymentState.allCases where !state.isFinal {
                Gauge(label: "mekong_payments_open", dimensions: [("corridor", entry.spec.id), ("state", state.rawValue)])
                    .record(Double(byState[state.rawValue] ?? 0))
            }
            Gauge(label: "mekong_payment_oldest_open_age_seconds", dimensions: [("corridor", entry.spec.id)])
                .record(counts.oldestOpenAgeSeconds[entry.spec.id] ?? 0)
            if let last = counts.lastReconciliation[entry.spec.id] {
                Gauge(label: "mekong_reconciliation_last_run_timestamp_seconds", dimensions: [("corridor", entry.spec.id)])
                    .record(last.timeIntervalSince1970)
            }
        }
        Gauge(label: "mekong_outbox_events_waiting").record(Double(counts.outboxWaiting))
        Gauge(label: "mekong_outbox_oldest_event_age_seconds").record(counts.outboxOldestAgeSeconds)
        for state in ["PENDING", "RETRYING"] {
            Gauge(label: "mekong_webhook_deliveries_waiting", dimensions: [("state", state)]).record(Double(counts.deliveriesWaiting[state] ?? 0))
        }
        Gauge(label: "mekong_webhook_subscriptions_disabled").record(Double(counts.subscriptionsDisabled))
        for reconciliationClass in ReconciliationClass.allCases where reconciliationClass != .matched {
            Gauge(label: "mekong_reconciliation_exceptions_open", dimensions: [("class", reconciliationClass.rawValue)])
                .record(Double(counts.openExceptions[reconciliationClass.rawValue] ?? 0))
        }
        Gauge(label: "mekong_database_pool_max_connections").record(Double(poolSize))
        ProcessFigures.record()
    }
}
