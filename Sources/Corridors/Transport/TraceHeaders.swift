import Instrumentation
import ServiceContextModule

/// W3C trace context on outbound calls: the current span's `traceparent` (and `tracestate`)
/// added to a partner call's or a webhook delivery's headers, so the partner or the receiver
/// can continue the trace. With tracing off the instrument is a no-op and nothing is added.
struct TraceHeaders: Injector {
    typealias Carrier = [(name: String, value: String)]

    func inject(_ value: String, forKey key: String, into carrier: inout Carrier) {
        carrier.removeAll { $0.name.lowercased() == key.lowercased() }
        carrier.append((key, value))
    }

    /// `headers` with the current context's trace headers, if there is a current context.
    static func adding(to headers: Carrier) -> Carrier {
        guard let context = ServiceContext.current else { return headers }
        var headers = headers
        InstrumentationSystem.instrument.inject(context, into: &headers, using: TraceHeaders())
        return headers
    }
}
