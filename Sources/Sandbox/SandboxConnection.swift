import Glibc
import NIOCore

/// The connection of the request being handled, bound by `SandboxContext.Binding`.
enum SandboxConnection {
    @TaskLocal static var current: (any Channel)?

    /// Drops the connection with a TCP reset (SO_LINGER 0), as a partner's load balancer does
    /// when it kills a connection: the sender gets "connection reset by peer", no answer.
    static func reset() async throws {
        guard let channel = current else { return }
        if let socket = channel as? any SocketOptionProvider {
            try? await socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
        }
        try? await channel.close().get()
    }
}
