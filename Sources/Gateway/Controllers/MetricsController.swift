import Foundation
import FX
import Hummingbird
import MekongCore
import Store

/// `GET /metrics` (ops key, as a Prometheus bearer token): each corridor's live state, its
/// circuit breaker on this instance, partner calls answered and failed, queue depth, and the
/// age of each provider's rate snapshot in force, in the Prometheus text format.
struct MetricsController {
    let catalog: CorridorCatalog
    let controls: CorridorControlRepository
    let rates: RateDesk
    let bakong: MaintenanceCalendar
    let clock: any WallClock

    func register(on group: RouterGroup<GatewayContext>) {
        group.get { _, context in
            try RoleGuard.require(context, .ops)
            let text = try await render()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    func render() async throws -> String {
        let now = clock.now()
        let health = try await controls.health(since: now.addingTimeInterval(-3600))
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += "\(name){\(sample.labels)} \(sample.value)\n" }
        }
        let ids = catalog.entries.map(\.spec.id)
        func label(_ id: String) -> String { "corridor=\"\(id)\"" }
        family("mekong_corridor_open", "gauge", "1 when the corridor takes payments now, else 0.",
               catalog.entries.map { (label($0.spec.id), LiveCorridorState.resolve($0, catalog: catalog, bakong: bakong, at: now).isOpen ? "1" : "0") })
        family("mekong_corridor_breaker_state", "gauge", "Circuit breaker on this instance: 0 closed, 1 half-open, 2 open.",
               ids.map { id in
                   let value = switch catalog.breakers.breaker(id).state { case .closed: "0"; case .halfOpen: "1"; case .open: "2" }
                   return (label(id), value)
               })
        family("mekong_corridor_breaker_consecutive_failures", "gauge", "Partner failures in a row on this instance.",
               ids.map { (label($0), String(catalog.breakers.breaker($0).consecutiveFailures)) })
        family("mekong_corridor_breaker_trips_total", "counter", "Times the breaker opened since start-up.",
               ids.map { (label($0), String(catalog.breakers.breaker($0).trips)) })
        family("mekong_partner_calls_total", "counter", "Partner calls since start-up, by result: answered, or failed (no usable answer).",
               ids.flatMap { id in
                   let counts = catalog.breakers.counts(id)
                   return [("\(label(id)),result=\"answered\"", String(counts.ok)), ("\(label(id)),result=\"failed\"", String(counts.failed))]
               })
        family("mekong_corridor_queue_depth", "gauge", "Payments accepted and not yet final.",
               ids.map { (label($0), String(health[$0]?.queue ?? 0)) })
        let providers = Set(catalog.entries.compactMap(\.spec.fxProvider)).sorted()
        family("mekong_rate_snapshot_age_seconds", "gauge", "Age of the snapshot in force per FX provider.",
               providers.compactMap { provider in
                   rates.inForce(provider: provider, at: now).map { ("provider=\"\(provider)\"", String(Int($0.age(at: now)))) }
               })
        return out
    }
}
