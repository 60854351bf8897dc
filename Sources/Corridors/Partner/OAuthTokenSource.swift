import Foundation
import MekongCore

/// OAuth2 client credentials for one partner: fetches a token from the token URL, caches it
/// until shortly before it expires, and fetches a new one when the partner says the cached
/// one is no longer valid (Bakong 1002).
actor OAuthTokenSource {
    let tokenURL: String
    let clientID: String
    let clientSecret: Secret
    let transport: HTTPTransport
    let connectTimeoutMilliseconds: Int
    let totalTimeoutMilliseconds: Int
    private var cached: (token: String, expires: Date)?
    /// Tokens fetched so far (for logs and tests).
    private(set) var fetched = 0

    init(
        tokenURL: String, clientID: String, clientSecret: Secret, transport: HTTPTransport,
        connectTimeoutMilliseconds: Int, totalTimeoutMilliseconds: Int
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.transport = transport
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
    }

    enum Failure: Error {
        /// The partner refused Mekong's client credentials (1001).
        case refused(String)
        /// No usable answer from the token endpoint.
        case unavailable(String)
    }

    /// A valid token, from the cache or freshly fetched.
    func token() async throws(Failure) -> String {
        if let cached, cached.expires > Date() { return cached.token }
        return try await refresh()
    }

    /// Drops the cached token (after the partner answered `invalid_token`) and fetches another.
    func invalidate(_ token: String) {
        if cached?.token == token { cached = nil }
    }

    private func refresh() async throws(Failure) -> String {
        let credentials = Data("\(clientID):\(clientSecret.reveal())".utf8).base64EncodedString()
        let request = OutboundRequest(
            method: "POST", url: tokenURL,
            headers: [
                ("Authorization", "Basic \(credentials)"), ("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
            ],
            body: Array("grant_type=client_credentials".utf8),
            connectTimeoutMilliseconds: connectTimeoutMilliseconds, totalTimeoutMilliseconds: totalTimeoutMilliseconds)
        let response: OutboundResponse
        do { response = try await transport.send(request) } catch { throw .unavailable("token endpoint: \(error)") }
        struct Grant: Decodable {
            let access_token: String
            let expires_in: Int?
        }
        if response.status == 401 || response.status == 400 { throw .refused("the partner refused the client credentials (HTTP \(response.status))") }
        guard response.status == 200, let grant = try? JSONDecoder().decode(Grant.self, from: Data(response.body)) else {
            throw .unavailable("token endpoint answered HTTP \(response.status)")
        }
        let lifetime = TimeInterval(max(1, (grant.expires_in ?? 300) - 30))
        cached = (grant.access_token, Date().addingTimeInterval(lifetime))
        fetched += 1
        return grant.access_token
    }
}
