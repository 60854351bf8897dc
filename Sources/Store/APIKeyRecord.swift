public import Foundation

/// A stored API key: never the key itself, only its SHA-256 and a short prefix to recognise it.
public struct APIKeyRecord: Sendable, Equatable {
    public let id: String
    public let clientID: String
    public let role: String
    public let name: String
    public let prefix: String
    public let permissions: [String]
    public let createdAt: Date
    public let expiresAt: Date?
    public let revokedAt: Date?
    /// Addresses (exact, or IPv4 CIDR) the key may be used from; empty means anywhere.
    public let allowedIPs: [String]

    public init(
        id: String, clientID: String, role: String, name: String, prefix: String, permissions: [String],
        createdAt: Date, expiresAt: Date?, revokedAt: Date?, allowedIPs: [String] = []
    ) {
        self.id = id
        self.clientID = clientID
        self.role = role
        self.name = name
        self.prefix = prefix
        self.permissions = permissions
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.allowedIPs = allowedIPs
    }
}
