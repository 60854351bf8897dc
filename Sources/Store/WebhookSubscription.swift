public import Foundation

/// A client's webhook subscription. The secrets are kept because every delivery is signed
/// with them; they are shown to the client once, at creation and rotation.
public struct WebhookSubscription: Sendable, Equatable {
    public let id: String
    public let clientID: String
    public let url: String
    public let events: [String]
    public let format: String
    public let maxAttempts: Int?
    public let secret: String
    public let previousSecret: String?
    public let previousSecretUntil: Date?
    public let state: String
    public let disabledReason: String?
    public let createdAt: Date

    public init(
        id: String, clientID: String, url: String, events: [String], format: String, maxAttempts: Int?, secret: String,
        previousSecret: String?, previousSecretUntil: Date?, state: String, disabledReason: String?, createdAt: Date
    ) {
        self.id = id
        self.clientID = clientID
        self.url = url
        self.events = events
        self.format = format
        self.maxAttempts = maxAttempts
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretUntil = previousSecretUntil
        self.state = state
        self.disabledReason = disabledReason
        self.createdAt = createdAt
    }

    /// The secrets that sign a delivery at `instant`: the current one, and during a rotation's
    /// overlap the previous one too.
    public func signingSecrets(at instant: Date) -> [String] {
        guard let previousSecret, let until = previousSecretUntil, until > instant else { return [secret] }
        return [secret, previousSecret]
    }
}
