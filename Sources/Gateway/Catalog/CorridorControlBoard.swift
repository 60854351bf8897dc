import Foundation
import Logging
import MekongCore
import ServiceLifecycle
import Store
import Synchronization

/// Ops' corridor switches as this instance knows them: updated at once by a toggle made here,
/// and re-read from PostgreSQL every `refresh` so that every instance sees a toggle made
/// elsewhere within that interval. Hand-offs do not rely on it: they check the control row
/// under a lock in their own transaction.
public final class CorridorControlBoard: Sendable {
    private let controls = Mutex<[String: CorridorControl]>([:])

    public init() {}

    func replace(_ all: [CorridorControl]) {
        controls.withLock { $0 = Dictionary(uniqueKeysWithValues: all.map { ($0.corridorID, $0) }) }
    }

    func update(_ control: CorridorControl) {
        controls.withLock { $0[control.corridorID] = control }
    }

    public func control(_ corridorID: String) -> CorridorControl? {
        controls.withLock { $0[corridorID] }
    }

    /// Why ops have the corridor closed at `instant`, or nil.
    func closure(_ corridorID: String, at instant: Date) -> String? {
        guard let control = control(corridorID), control.isClosed(at: instant) else { return nil }
        let until = control.until.map { " until \(RFC3339.string(from: $0))" } ?? ""
        return "\(corridorID) is disabled by operations\(until): \(control.reason ?? "no reason given")"
    }

    /// Keeps the board in step with PostgreSQL.
    struct Refresher: Service {
        let board: CorridorControlBoard
        let repository: CorridorControlRepository
        let corridorIDs: [String]
        let interval: Duration
        let logger: Logger

        func run() async throws {
            var seeded = false
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    if !seeded { try await repository.seed(corridorIDs); seeded = true }
                    board.replace(try await repository.all())
                } catch {
                    logger.warning("could not refresh corridor controls", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
