/// Why a sanctions list file could not be read: the file, and where and what is wrong.
public struct SanctionsListError: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
