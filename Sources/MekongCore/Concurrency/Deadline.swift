/// Runs an operation against a time limit without waiting for it past the limit.
///
/// Structured concurrency would wait for a cancelled child to end. An operation that does not
/// honour cancellation — a PostgreSQL call written to a connection that closed under it never
/// completes in PostgresNIO 1.33 — would then hold its caller for ever. Here the operation runs
/// in a task of its own; past the limit the caller gets `DeadlineExceeded`, the operation is
/// cancelled and left to end (or not) by itself. A deadline therefore means "outcome unknown":
/// a write may still land after it, so callers must be safe to retry (idempotency keys,
/// versioned updates).
///
/// Limits are checked every `checkInterval` by one shared `DeadlineWatch`, so a call may run up
/// to that much past its limit. `abandonWhen`, if given, is asked on the same beat; when it
/// returns an error the operation is abandoned early with that error (the database watch uses
/// it to end calls waiting for a PostgreSQL that is known to be down).
public enum Deadline {
    public static let checkInterval: Duration = .milliseconds(100)

    public static func run<Value: Sendable>(within limit: Duration, abandonWhen: (@Sendable () -> (any Error)?)? = nil,
                                            _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let race = DeadlineRace<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                let ticket = DeadlineWatch.shared.watch(limit: limit, abandonWhen: abandonWhen) { race.settle(.failure($0)) }
                race.whenSettled { DeadlineWatch.shared.forget(ticket) }
                let work = Task {
                    do { race.settle(.success(try await operation())) } catch { race.settle(.failure(error)) }
                }
                race.whenSettled { work.cancel() }
            }
        } onCancel: {
            race.settle(.failure(CancellationError()))
        }
    }
}
