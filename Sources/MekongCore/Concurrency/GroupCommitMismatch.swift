/// A batch's flush answered a different number of items than it was given: a programming
/// error, reported to every caller of the batch rather than leaving any of them waiting.
public struct GroupCommitMismatch: Error, CustomStringConvertible, Sendable {
    public let expected: Int
    public let answered: Int

    public init(expected: Int, answered: Int) {
        self.expected = expected
        self.answered = answered
    }

    public var description: String { "a batch of \(expected) was answered with \(answered) results" }
}
