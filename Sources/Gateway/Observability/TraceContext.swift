import Instrumentation
import ServiceContextModule

/// A trace's W3C `traceparent`, kept where work leaves the request that started it.
///
/// A payment's request span is stored with the payment (`payments.trace_parent`); the
/// dispatcher's hand-off, inquiries and settlement and each webhook delivery continue that
/// trace from it, whichever instance or restart does the work. With tracing off the
/// instrument is a no-op: nothing is stored and every context is top-level.
enum TraceContext {
    /// The current span's `traceparent`, or nil when tracing is off or no span is current.
    static func traceparent(of context: ServiceContext? = .current) -> String? {
        guard let context else { return nil }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: DictionaryInjector())
        return carrier["traceparent"]
    }

    /// A context continuing the trace `traceparent` names; the current (or a top-level) one when nil.
    static func continuing(_ traceparent: String?) -> ServiceContext {
        var context = ServiceContext.current ?? .topLevel
        guard let traceparent else { return context }
        InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &context, using: DictionaryExtractor())
        return context
    }
}

private struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

private struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
