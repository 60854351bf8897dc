import Foundation
import Logging
import MekongCore

/// Sends one JSON request to a partner over the shared transport, logs the exchange
/// redacted, and classifies transport failures. Each corridor's adapter builds on it.
public struct PartnerExchange: Sendable {
    public let corridorID: String
    public let endpoint: PartnerEndpoint
    public let transport: HTTPTransport
    public let logger: Logger
    let tokens: OAuthTokenSource?
    let pacer: RequestPacer

    /// - Parameter clientSecret: the OAuth2 client secret, when the endpoint uses OAuth2.
    public init(corridorID: String, endpoint: PartnerEndpoint, transport: HTTPTransport, logger: Logger, clientSecret: Secret? = nil) {
        self.corridorID = corridorID
        self.endpoint = endpoint
        self.transport = transport
        self.logger = logger
        self.pacer = RequestPacer(ratePerSecond: endpoint.maxRequestsPerSecond)
        if let tokenURL = endpoint.oauthTokenURL, let clientID = endpoint.oauthClientID, let clientSecret {
            tokens = OAuthTokenSource(
                tokenURL: tokenURL.hasPrefix("/") ? endpoint.baseURL + tokenURL : tokenURL, clientID: clientID,
                clientSecret: clientSecret, transport: transport,
                connectTimeoutMilliseconds: endpoint.connectTimeoutMilliseconds,
                totalTimeoutMilliseconds: endpoint.totalTimeoutMilliseconds)
        } else {
            tokens = nil
        }
    }

    /// What one exchange produced: an HTTP response, no response at all, or no token to send with.
    public enum Result: Sendable {
        case response(OutboundResponse)
        case failed(TransportError)
        /// OAuth2: the partner refused Mekong's client credentials (1001), or its token endpoint
        /// did not answer; the request itself was not sent.
        case unauthorized(ErrorCode, String)
    }

    /// Sends `body` (JSON) with `method` to `path` under the endpoint's base URL. With OAuth2,
    /// a bearer token is attached; if the partner answers that the token is no longer valid
    /// (1002), a new token is fetched and the request sent once more (it was not processed).
    public func send(method: String, path: String, body: [UInt8]?, headers: [(name: String, value: String)] = []) async -> Result {
        guard let tokens else { return await sendOnce(method: method, path: path, body: body, headers: headers) }
        for attempt in 1...2 {
            let token: String
            do { token = try await tokens.token() } catch {
                switch error {
                case .refused(let reason): return .unauthorized(.invalidCredentials, reason)
                case .unavailable(let reason): return .unauthorized(.tokenExpired, reason)
                }
            }
            let result = await sendOnce(
                method: method, path: path, body: body, headers: headers + [(name: "Authorization", value: "Bearer \(token)")])
            guard case .response(let response) = result, response.status == 401, Self.isExpiredToken(response), attempt == 1 else { return result }
            logger.info("partner token expired (1002); refreshing and retrying once", metadata: ["corridor": "\(corridorID)"])
            await tokens.invalidate(token)
        }
        return .unauthorized(.tokenExpired, "the partner refused a fresh token")
    }

    static func isExpiredToken(_ response: OutboundResponse) -> Bool {
        struct Body: Decodable { let error: String? }
        return (try? JSONDecoder().decode(Body.self, from: Data(response.body)))?.error == "invalid_token"
    }

    private func sendOnce(method: String, path: String, body: [UInt8]?, headers: [(name: String, value: String)]) async -> Result {
        await pacer.admit()
        var allHeaders = headers
        allHeaders.append((name: "Accept", value: "application/json"))
        if body != nil { allHeaders.append((name: "Content-Type", value: "application/json")) }
        let request = OutboundRequest(
            method: method, url: endpoint.baseURL + path, headers: allHeaders, body: body,
            connectTimeoutMilliseconds: endpoint.connectTimeoutMilliseconds,
            totalTimeoutMilliseconds: endpoint.totalTimeoutMilliseconds,
            clientCertificatePath: endpoint.clientCertificatePath, clientKeyPath: endpoint.clientKeyPath,
            caPath: endpoint.caPath
        )
        let sentAt = Date()
        do {
            let response = try await transport.send(request)
            ExchangeRecorder.current?.append(
                RecordedExchange(
                    corridorID: corridorID, method: method, path: path, status: response.status, durationMilliseconds: response.durationMilliseconds,
                    request: Redaction.redactJSON(body ?? []), response: Redaction.redactJSON(response.body), error: nil, at: sentAt))
            logger.debug(
                "partner exchange",
                metadata: [
                    "corridor": "\(corridorID)", "method": "\(method)", "path": "\(path)",
                    "headers": "\(allHeaders.map { "\($0.name): \(Redaction.redactHeader(name: $0.name, value: $0.value))" })",
                    "request": "\(Redaction.redactJSON(body ?? []))", "status": "\(response.status)",
                    "response": "\(Redaction.redactJSON(response.body))", "ms": "\(response.durationMilliseconds)",
                ])
            return .response(response)
        } catch {
            ExchangeRecorder.current?.append(
                RecordedExchange(
                    corridorID: corridorID, method: method, path: path, status: nil, durationMilliseconds: nil,
                    request: Redaction.redactJSON(body ?? []), response: nil, error: "\(error)", at: sentAt))
            logger.warning(
                "partner exchange failed",
                metadata: [
                    "corridor": "\(corridorID)", "method": "\(method)", "path": "\(path)",
                    "request": "\(Redaction.redactJSON(body ?? []))", "error": "\(error)",
                ])
            return .failed(error)
        }
    }

    /// The outcome for a request that got no HTTP response. Only a refused connection
    /// proves the partner never saw it.
    public static func outcome(of error: TransportError) -> PartnerOutcome {
        error.mayHaveReachedPeer
            ? .ambiguous(reason: "no answer from partner: \(error)")
            : .deferred(reason: "partner unreachable: \(error)", retryAfterSeconds: nil)
    }

    /// The outcome when no token could be had: the request was never sent.
    public static func outcome(unauthorized code: ErrorCode, _ reason: String) -> PartnerOutcome {
        code == .invalidCredentials ? .rejected(code, message: reason) : .deferred(reason: reason, retryAfterSeconds: nil)
    }
}
