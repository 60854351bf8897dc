import Synchronization

/// What the access log learns about a request while it passes inward: the client the key
/// authenticated as. (The request context is a value; this is shared with the copies the
/// inner middlewares and the handler get.)
final class RequestTrail: Sendable {
    private let client = Mutex<String?>(nil)

    var clientID: String? { client.withLock { $0 } }

    func record(clientID: String) { client.withLock { $0 = clientID } }
}
