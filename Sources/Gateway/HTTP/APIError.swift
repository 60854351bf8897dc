import Foundation
public import Hummingbird
public import MekongCore
import Metrics
import Store

/// An error answered in the documented shape:
///
/// ```json
/// {"error": {"code": 2005, "category": "Validation", "message": "…", "retryable": false,
///            "recommended_action": "…", "rule": "KH-TH.limits.P2P", "details": {…}}}
/// ```
/// The HTTP status follows the code.
public struct APIError: Error, HTTPResponseError {
    public let error: MekongError
    public var headers: HTTPFields = [:]

    public init(_ error: MekongError) { self.error = error }

    public init(_ code: ErrorCode, _ message: String, rule: String? = nil, details: [String: String] = [:]) {
        self.error = MekongError(code, message, rule: rule, details: details)
    }

    private static let refusals = MetricHandles { labels in Counter(label: "mekong_api_errors_total", dimensions: [("code", labels[0])]) }

    public var status: HTTPResponse.Status { HTTPResponse.Status(code: error.code.httpStatus) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        let requestID = (context as? GatewayContext)?.requestID
        Self.refusals(String(error.code.number)).increment()
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: Self.body(error, requestID: requestID))))
    }

    /// The JSON body for an error, as stored for idempotent replay too; with the request's id
    /// when it is answered live.
    public static func body(_ error: MekongError, requestID: String? = nil) -> [UInt8] {
        var object: [String: Any] = [
            "code": error.code.number,
            "category": error.code.category.rawValue,
            "title": error.code.summary,
            "message": error.message,
            "retryable": error.retryable,
            "recommended_action": error.recommendedAction,
        ]
        if let retryAfter = error.retryAfter, error.retryable { object["retry_after"] = RFC3339.string(from: retryAfter) }
        if let rule = error.rule { object["rule"] = rule }
        if !error.details.isEmpty { object["details"] = error.details }
        if let requestID, !requestID.isEmpty { object["request_id"] = requestID }
        let data = (try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Array(data)
    }
}
