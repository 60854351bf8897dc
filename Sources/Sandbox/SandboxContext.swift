import Hummingbird
import NIOCore

/// The sandbox's request context: Hummingbird's basic one plus the connection, so that a
/// partner can reset it (commit then reset) instead of answering.
struct SandboxContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Binds the connection for the request's task, for `SandboxConnection.reset()`.
    struct Binding: RouterMiddleware {
        typealias Context = SandboxContext
        func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws -> Response {
            try await SandboxConnection.$current.withValue(context.channel) { try await next(request, context) }
        }
    }
}
