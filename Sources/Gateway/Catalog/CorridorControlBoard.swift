import Foundation
import MekongCore
import Store
import Synchronization

/// Ops' corridor switches and scheduled maintenance as this instance knows them: updated at
/// once by a change made here, and re-read from PostgreSQL by the `LiveStateRefresher` so
/// that every instance sees a change made elsewhere within the refresh interval. Hand-offs do
/// not rely on it: they check the control row and the windows in their own transaction.
public final class CorridorControlBoard: Sendable {
    private let controls = Mutex<(byCorridor: [String: CorridorControl], updates: Int)>(([:], 0))
    private let windows = Mutex<(byCorridor: [String: [MaintenanceWindow]], updates: Int)>(([:], 0))

    public init() {}

    /// How many changes made on this instance the board has taken; a refresh passes the count
    /// it read before its query to `replace`.
    var updates: Int { controls.withLock { $0.updates } }

    /// Replaces every corridor's control with what PostgreSQL said, unless a change made on
    /// this instance came in since the query began (`updatesBefore`): the rows read may predate
    /// it, and the next refresh will bring it anyway.
    func replace(_ all: [CorridorControl], updatesBefore: Int) {
        controls.withLock { board in
            guard board.updates == updatesBefore else { return }
            board.byCorridor = Dictionary(uniqueKeysWithValues: all.map { ($0.corridorID, $0) })
        }
    }

    func update(_ control: CorridorControl) {
        controls.withLock { board in
            board.byCorridor[control.corridorID] = control
            board.updates += 1
        }
    }

    /// How many window changes made on this instance the board has taken (see `replace`).
    var windowUpdates: Int { windows.withLock { $0.updates } }

    /// Replaces every corridor's windows (those not cancelled and not yet over), unless a
    /// change made on this instance came in since the query began.
    func replaceWindows(_ all: [MaintenanceWindow], updatesBefore: Int) {
        windows.withLock { board in
            guard board.updates == updatesBefore else { return }
            board.byCorridor = Dictionary(grouping: all, by: \.corridorID).mapValues { $0.sorted { $0.startsAt < $1.startsAt } }
        }
    }

    /// Adds or replaces one window (a cancelled one drops out).
    func updateWindow(_ window: MaintenanceWindow) {
        windows.withLock { board in
            var list = board.byCorridor[window.corridorID, default: []].filter { $0.id != window.id }
            if window.cancelledAt == nil { list.append(window) }
            board.byCorridor[window.corridorID] = list.sorted { $0.startsAt < $1.startsAt }
            board.updates += 1
        }
    }

    public func control(_ corridorID: String) -> CorridorControl? {
        controls.withLock { $0.byCorridor[corridorID] }
    }

    /// The corridor's windows that end after `instant`, soonest first.
    public func maintenance(_ corridorID: String, after instant: Date) -> [MaintenanceWindow] {
        windows.withLock { $0.byCorridor[corridorID] ?? [] }.filter { $0.endsAt > instant }
    }

    /// The window under way at `instant`, if any (the latest-ending one when they overlap).
    public func activeWindow(_ corridorID: String, at instant: Date) -> MaintenanceWindow? {
        maintenance(corridorID, after: instant).filter { $0.contains(instant) }.max { $0.endsAt < $1.endsAt }
    }

    /// Why ops have the corridor closed at `instant` (disabled, or in scheduled maintenance), or nil.
    func closure(_ corridorID: String, at instant: Date) -> String? {
        if let control = control(corridorID), control.isClosed(at: instant) {
            let until = control.until.map { " until \(RFC3339.string(from: $0))" } ?? ""
            return "\(corridorID) is disabled by operations\(until): \(control.reason ?? "no reason given")"
        }
        return activeWindow(corridorID, at: instant)?.refusal
    }
}
