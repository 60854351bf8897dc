import Foundation
import MekongCore
import Store

/// What a corridor is doing right now, as apps and ops are shown it: one state, the reason,
/// since when, until when, and when it next opens. `CorridorJudge` decides it, with the same
/// checks that take or refuse payments; the order of precedence is the order of the cases:
/// planned, not connected, closed by ops, in scheduled maintenance, suspended by the circuit
/// breaker, outside operating hours, in Bakong's maintenance, open.
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
}
