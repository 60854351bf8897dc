import Foundation
public import Hummingbird
import MekongCore
import Synchronization

/// Per-request context: the authenticated caller, once the auth middleware has run.
public struct GatewayContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var caller: Caller?
    public let remoteAddress: String?
    /// Set only by `ConsoleAPI` on a request it makes in-process for a console session whose
    /// caller it has already authenticated; never from anything a client sends.
    var inProcess = false
    /// The signed-in console user, on `/console` pages (`ConsoleSessionMiddleware`).
    var consoleSession: ConsoleSession?
    /// This request's id (`AccessLog`), echoed in `X-Request-Id` and in error bodies.
    var requestID = ""
    /// What the access log learns as the request passes inward (the authenticated client).
    let trail = RequestTrail()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The largest request body accepted (`server.max_body_bytes`); larger bodies get 413.
    public var maxUploadSize: Int { Self.bodyLimit.load(ordering: .relaxed) }

    /// Set once by `buildApplication` from the config.
    static let bodyLimit = Atomic<Int>(65_536)

    /// The caller, or 1001 when the route was reached without authentication.
    public func requireCaller() throws -> Caller {
        guard let caller else { throw APIError(.invalidCredentials, "authentication required") }
        return caller
    }
}
