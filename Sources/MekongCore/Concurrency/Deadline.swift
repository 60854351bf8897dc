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
/// `abandonWhen`, if given, is asked every `checkInterval` while the operation runs; when it
/// returns an error the operation is abandoned early with that error (the database watch uses
/// it to end calls waiting for a PostgreSQL that is known to be down).
public enum Deadline {
    public static let checkInterval: Duration = .milliseconds(100)

    public static func run<Value: Sendable>(
        within limit: Duration, abandonWhen: (@Sendable () -> (any Error)?)? = nil,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let race = DeadlineRace<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation)
                race.track(
                    Task {
                        do { race.settle(.success(try await operation())) } catch { race.settle(.failure(error)) }
                    })
                race.track(
                    Task {
                        let clock = ContinuousClock()
                        let end = clock.now + limit
                        while clock.now < end {
                            let step = abandonWhen == nil ? end - clock.now : min(checkInterval, end - clock.now)
                            do { try await Task.sleep(for: step) } catch { return }
                            if let reason = abandonWhen?() {
                                race.settle(.failure(reason))
                                return
                            }
                        }
                        race.settle(.failure(DeadlineExceeded(limit: limit)))
                    })
            }
        } onCancel: {
            race.settle(.failure(CancellationError()))
        }
    }
}
