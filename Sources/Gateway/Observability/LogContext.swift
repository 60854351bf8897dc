public import Logging
import OTel
public import ServiceContextModule

/// What every log line says about the work it belongs to, wherever it is logged from: the
/// request's id (`request_id`), the payment and its corridor (`payment`, `corridor`) and,
/// with tracing on, the trace and span (`trace_id`, `span_id`). They travel in the task's
/// `ServiceContext`, so a line logged by any component during a request or a payment step
/// carries them without each logger being handed the values.
public enum LogContext {
    /// The metadata provider `LoggingSystem` is bootstrapped with.
    public static let provider: Logger.MetadataProvider = {
        let trace = OTel.makeLoggingMetadataProvider()
        return Logger.MetadataProvider {
            guard let context = ServiceContext.current else { return [:] }
            var metadata = trace.get()
            if let id = context[RequestIDKey.self] { metadata["request_id"] = "\(id)" }
            if let id = context[PaymentKey.self] { metadata["payment"] = "\(id)" }
            if let id = context[CorridorKey.self] { metadata["corridor"] = "\(id)" }
            return metadata
        }
    }()

    /// The current context with these values added (nil values leave a key as it was).
    public static func with(
        requestID: String? = nil, payment: String? = nil, corridor: String? = nil,
        in base: ServiceContext? = nil
    ) -> ServiceContext {
        var context = base ?? ServiceContext.current ?? .topLevel
        if let requestID { context[RequestIDKey.self] = requestID }
        if let payment { context[PaymentKey.self] = payment }
        if let corridor { context[CorridorKey.self] = corridor }
        return context
    }

    private enum RequestIDKey: ServiceContextKey { typealias Value = String }
    private enum PaymentKey: ServiceContextKey { typealias Value = String }
    private enum CorridorKey: ServiceContextKey { typealias Value = String }
}
