import Foundation
import MekongCore
import Store

/// What is true of one corridor at one instant, read once from the live boards: whether a
/// partner adapter serves it, ops' switch, the scheduled maintenance windows, the circuit
/// breaker and Bakong's own maintenance. `CorridorJudge` reads nothing else, so its verdict is
/// a pure function of the spec, these conditions, the instant and the request.
struct CorridorConditions: Sendable {
    /// A circuit breaker's suspension of new payments.
    struct Suspension: Sendable {
        let reason: String
        let since: Date?
        let until: Date
    }

    /// Why the corridor carries no payments at all (planned, or no adapter in this release), or nil.
    var unavailability: String?
    /// Ops' switch, when ops have ever set one.
    var control: CorridorControl?
    /// The scheduled maintenance windows that end after the instant.
    var windows: [MaintenanceWindow] = []
    var suspension: Suspension?
    /// The end of the Bakong maintenance window under way, if any: payments are accepted and held.
    var bakongMaintenanceEnd: Date?

    /// A corridor with nothing in its way (a starting point for tests).
    static let clear = CorridorConditions()

    static func read(_ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, bakong: MaintenanceCalendar, at instant: Date) -> CorridorConditions {
        let id = entry.spec.id
        return CorridorConditions(
            unavailability: catalog.unavailability(of: entry), control: catalog.board.control(id),
            windows: catalog.board.maintenance(id, after: instant),
            suspension: catalog.breakers.suspension(id, at: instant).map {
                Suspension(reason: $0.reason, since: catalog.breakers.breaker(id).since, until: $0.until)
            },
            bakongMaintenanceEnd: bakong.windowEnd(containing: instant))
    }
}
