import Foundation
import MekongCore
import Store

/// What a corridor is doing right now, as apps and ops are shown it: one state, the reason,
/// since when, until when, and when it next opens. The order of precedence is the order of
/// the cases: planned, not connected, closed by ops, in scheduled maintenance, suspended by
/// the circuit breaker, outside operating hours, in Bakong's maintenance, open.
struct LiveCorridorState {
    enum State: String, CaseIterable {
        case planned
        case notConnected = "not_connected"
        case closedByOps = "closed_by_ops"
        case maintenance
        case suspended
        case outsideHours = "outside_hours"
        case bakongMaintenance = "bakong_maintenance"
        case open
    }

    let state: State
    let reason: String?
    let since: Date?
    let until: Date?
    let nextOpeningAt: Date?

    var isOpen: Bool { state == .open }

    static func resolve(_ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, bakong: MaintenanceCalendar, at now: Date) -> LiveCorridorState {
        let spec = entry.spec
        let windows = catalog.board.maintenance(spec.id, after: now)
        /// The first instant from `start` that is inside hours and outside every scheduled window.
        func opening(from start: Date?) -> Date? {
            var instant = start
            for _ in 0..<16 {
                guard let current = instant else { return nil }
                if !spec.hours.isOpen(at: current) { instant = spec.hours.nextOpening(after: current); continue }
                if let window = windows.filter({ $0.contains(current) }).max(by: { $0.endsAt < $1.endsAt }) { instant = window.endsAt; continue }
                return current
            }
            return instant
        }
        if spec.status == .planned {
            return LiveCorridorState(state: .planned, reason: catalog.unavailability(of: entry), since: nil, until: nil, nextOpeningAt: nil)
        }
        if let why = catalog.unavailability(of: entry) {
            return LiveCorridorState(state: .notConnected, reason: why, since: nil, until: nil, nextOpeningAt: nil)
        }
        if let control = catalog.board.control(spec.id), control.isClosed(at: now) {
            return LiveCorridorState(state: .closedByOps, reason: control.reason, since: control.changedAt, until: control.until,
                                     nextOpeningAt: control.until.flatMap { opening(from: $0) })
        }
        if let window = catalog.board.activeWindow(spec.id, at: now) {
            return LiveCorridorState(state: .maintenance, reason: "scheduled maintenance: \(window.reason)", since: window.startsAt,
                                     until: window.endsAt, nextOpeningAt: opening(from: window.endsAt))
        }
        if let suspension = catalog.breakers.suspension(spec.id, at: now) {
            return LiveCorridorState(state: .suspended, reason: suspension.reason, since: catalog.breakers.breaker(spec.id).since,
                                     until: suspension.until, nextOpeningAt: suspension.until)
        }
        if !spec.hours.isOpen(at: now) {
            return LiveCorridorState(state: .outsideHours, reason: "outside operating hours", since: nil, until: nil, nextOpeningAt: opening(from: now))
        }
        if let end = bakong.windowEnd(containing: now) {
            return LiveCorridorState(state: .bakongMaintenance, reason: "Bakong maintenance window (4001); payments are queued", since: nil,
                                     until: end, nextOpeningAt: opening(from: end))
        }
        return LiveCorridorState(state: .open, reason: nil, since: nil, until: nil, nextOpeningAt: nil)
    }
}
