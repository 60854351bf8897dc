import MekongCore
import Synchronization

/// Collects the partner exchanges made inside one task, so the dispatcher can store them
/// with the payment they were about. `PartnerExchange` appends to the recorder bound to
/// `ExchangeRecorder.current`; with none bound it records nothing.
public final class ExchangeRecorder: Sendable {
    @TaskLocal public static var current: ExchangeRecorder?

    private let exchanges = Mutex<[RecordedExchange]>([])

    public init() {}

    public func append(_ exchange: RecordedExchange) {
        exchanges.withLock { $0.append(exchange) }
    }

    /// What was recorded so far, oldest first.
    public var recorded: [RecordedExchange] { exchanges.withLock { $0 } }

    /// Runs `work` with a fresh recorder bound, and returns its result with what it recorded.
    public static func recording<T: Sendable>(_ work: () async -> T) async -> (T, [RecordedExchange]) {
        let recorder = ExchangeRecorder()
        let result = await $current.withValue(recorder) { await work() }
        return (result, recorder.recorded)
    }
}
