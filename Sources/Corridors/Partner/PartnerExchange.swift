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

    public init(corridorID: String, endpoint: PartnerEndpoint, transport: HTTPTransport, logger: Logger) {
        self.corridorID = corridorID
        self.endpoint = endpoint
        self.transport = transport
        self.logger = logger
    }

    /// What one exchange produced: an HTTP response, or no response at all.
    public enum Result: Sendable {
        case response(OutboundResponse)
        case failed(TransportError)
    }

    /// Sends `body` (JSON) with `method` to `path` under the endpoint's base URL.
    public func send(method: String, path: String, body: [UInt8]?, headers: [(name: String, value: String)] = []) async -> Result {
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
        do {
            let response = try await transport.send(request)
            logger.debug("partner exchange", metadata: [
                "corridor": "\(corridorID)", "method": "\(method)", "path": "\(path)",
                "request": "\(Redaction.redactJSON(body ?? []))", "status": "\(response.status)",
                "response": "\(Redaction.redactJSON(response.body))", "ms": "\(response.durationMilliseconds)",
            ])
            return .response(response)
        } catch {
            logger.warning("partner exchange failed", metadata: [
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
}
