public import Logging
public import MekongCore

/// One partner system's home: the folder `Sources/Corridors/<Partner>/` holds everything
/// Mekong knows of it (its adapter, wire types and status mapping, inbound-credit format and
/// settlement-file format), and a type of this protocol in that folder hands them out.
/// `PartnerSystem` registers it.
public protocol Partner {
    /// The adapter for a corridor this partner serves, or nil when the spec gives it nothing to
    /// call (no endpoint): such a corridor answers 5001.
    static func adapter(for spec: CorridorSpec, _ context: PartnerContext) -> (any CorridorAdapter)?
    /// The format of its daily settlement file, or nil when it sends none.
    static var settlementFile: (any SettlementFileFormat)? { get }
}

/// What an adapter is built with.
public struct PartnerContext: Sendable {
    public let transport: HTTPTransport
    public let logger: Logger
    /// The OAuth2 client secret the spec names, resolved from the environment, if any.
    public let clientSecret: Secret?

    public init(transport: HTTPTransport, logger: Logger, clientSecret: Secret?) {
        self.transport = transport
        self.logger = logger
        self.clientSecret = clientSecret
    }
}
