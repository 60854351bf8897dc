import Logging
import OTel
import ServiceLifecycle
import Synchronization
import Tracing

/// Traces exported over OTLP/HTTP (protobuf) by swift-otel, when `tracing.otlp_endpoint` is
/// set. Off by default: then no tracer is installed, swift-distributed-tracing's no-op tracer
/// answers every `withSpan`, the HTTP tracing middleware is not added and no trace context is
/// stored or sent.
///
/// Spans are batched and sent in the background (swift-otel's batch span processor); the
/// returned service runs that work and flushes what is left at shutdown.
enum TraceExport {
    private static let installed = Mutex(false)

    /// Installs the process's tracer for `endpoint` (the full URL, e.g.
    /// `http://collector:4318/v1/traces`) and returns the service that exports its spans; nil
    /// when tracing is off. A process has one tracer: a second call returns nil.
    static func start(endpoint: String, serviceName: String, samplePercent: Int, logger: Logger) throws -> (any Service)? {
        guard !endpoint.isEmpty,
            installed.withLock({ installed in
                defer { installed = true }
                return !installed
            })
        else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        configuration.propagators = [.traceContext]
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.enabled = true
        // Parent-based: a caller's sampled flag decides; new traces are kept at the configured share.
        configuration.traces.sampler =
            samplePercent >= 100
            ? .parentBasedAlwaysOn
            : .parentBasedTraceIDRatio(ratio: Double(samplePercent) / 100) ?? .parentBasedAlwaysOn
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = endpoint
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(500)
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        return service
    }
}
