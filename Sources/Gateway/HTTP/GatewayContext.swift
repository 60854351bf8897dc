import MekongCore
public import Hummingbird
import Foundation

/// Per-request context: the authenticated caller, once the auth middleware has run.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?
    public let remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { 64 * 1024 }

    /// The caller, or 1001 when the route was reached without authentication.
    public func requireCaller() throws -> Caller {
        guard let caller else { throw APIError(.invalidCredentials, "authentication required") }
        return caller
    }
}
