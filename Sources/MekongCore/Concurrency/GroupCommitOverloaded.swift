/// A call was refused before it joined a batch: `maxWaiting` calls already wait for the next
/// one. Nothing was done for it, so it is safe to retry; the API answers 429 (1004) with
/// Retry-After, at once, instead of queueing without bound (memory and latency with it).
public struct GroupCommitOverloaded: Error, CustomStringConvertible, Sendable {
    public let waiting: Int

    public init(waiting: Int) { self.waiting = waiting }

    public var description: String { "\(waiting) calls already wait for the next batch" }
}
