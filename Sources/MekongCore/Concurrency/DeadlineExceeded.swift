/// An operation did not end within its time limit and was abandoned; its outcome is unknown.
public struct DeadlineExceeded: Error, CustomStringConvertible, Sendable {
    public let limit: Duration

    public init(limit: Duration) { self.limit = limit }

    public var description: String { "no answer within \(limit)" }
}
