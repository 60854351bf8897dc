/// A line of a settlement file that does not read: its line number and why.
public struct SettlementFileFault: Error, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
