/// Why no HTTP response was obtained. `mayHaveReachedPeer` tells whether the request
/// could have been received (and acted on) by the other side: only a failure to connect
/// at all guarantees it was not.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case couldNotConnect
        case timedOut
        case connectionReset
        case tls
        case other
    }

    public let kind: Kind
    public let curlCode: Int
    public let message: String

    public var mayHaveReachedPeer: Bool { kind != .couldNotConnect }

    public var description: String { "\(kind) (curl \(curlCode)): \(message)" }

    static let shutDown = TransportError(kind: .other, curlCode: -1, message: "transport is shut down")
}
