import Logging
import ServiceLifecycle
import Store

/// Keeps this instance's copy of what ops and treasury change at run time (corridor
/// switches, maintenance windows, approved rate snapshots) in step with PostgreSQL, re-reading
/// it every `interval`. Each step runs on its own, so one failing does not stall the others.
struct LiveStateRefresher: Service {
    struct Step: Sendable {
        let name: String
        let run: @Sendable () async throws -> Void
    }

    let steps: [Step]
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await PollingLoop.run(every: interval) {
            for step in steps {
                do { try await step.run() } catch {
                    logger.warning("could not refresh \(step.name)", metadata: ["error": "\(StoreError.summary(error))"])
                }
            }
            return false
        }
    }
}
