/// How the batched statements group concurrent calls (`GroupCommit`): at most `maxBatch`
/// calls a statement, and at most `maxInFlight` statements of one kind running at once.
/// Config: `database.batch_max`, `database.batch_in_flight`.
public struct BatchSettings: Sendable {
    public let maxBatch: Int
    public let maxInFlight: Int

    public init(maxBatch: Int, maxInFlight: Int) {
        self.maxBatch = maxBatch
        self.maxInFlight = maxInFlight
    }

    public static let standard = BatchSettings(maxBatch: 128, maxInFlight: 2)
}
