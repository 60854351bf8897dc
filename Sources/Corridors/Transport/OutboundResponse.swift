/// What came back: status, headers (names lower-cased) and body.
public struct OutboundResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    /// Wall time from hand-over to the transport until the last byte, in milliseconds.
    public let durationMilliseconds: Int

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name == lower }?.value
    }
}
