/// A fault in `MEKONG_SECRET_KEYS`, or a stored secret that does not open.
public struct SecretKeyringError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
