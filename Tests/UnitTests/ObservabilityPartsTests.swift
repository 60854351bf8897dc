import Foundation
import Logging
import ServiceContextModule
import Store
import Synchronization
import Testing

@testable import Gateway

@Suite("Observability parts: metric names, metric handles, the log context, trace context with tracing off")
struct ObservabilityPartsTests {
    @Test("a valid Prometheus name is returned as it is; any other character becomes _")
    func names() {
        #expect(sanitized("mekong_payments_open") == "mekong_payments_open")
        #expect(sanitized("a:b_C9") == "a:b_C9")
        #expect(sanitized("http.server.request.duration") == "http_server_request_duration")
        #expect(sanitized("hb.request-errors") == "hb_request_errors")
        #expect(sanitized("café") == "caf_")
        #expect(sanitized("") == "")
    }

    @Test("a handle is made once per label set, and kept")
    func handles() {
        final class Probe: Sendable {
            let labels: [String]
            init(_ labels: [String]) { self.labels = labels }
        }
        let made = Counted()
        let handles = MetricHandles { labels in
            made.add()
            return Probe(labels)
        }
        let first = handles("KH-TH", "FX_PENDING")
        #expect(handles("KH-TH", "FX_PENDING") === first)
        #expect(first.labels == ["KH-TH", "FX_PENDING"])
        #expect(handles("KH-TH", "SETTLED") !== first)
        // Joined values must not collide: ("a b", "c") is not ("a", "b c").
        #expect(handles("KH-TH FX", "PENDING") !== first)
        #expect(made.count == 3)
    }

    @Test("the log context adds the request id, payment and corridor of the task's context, and nothing outside one")
    func logContext() {
        #expect(LogContext.provider.get().isEmpty)
        ServiceContext.$current.withValue(LogContext.with(requestID: "req_1", payment: "pay_1", corridor: "KH-TH")) {
            let metadata = LogContext.provider.get()
            #expect(metadata["request_id"] == "req_1")
            #expect(metadata["payment"] == "pay_1")
            #expect(metadata["corridor"] == "KH-TH")
            // Nested work adds to the context; it keeps what it does not set.
            ServiceContext.$current.withValue(LogContext.with(payment: "pay_2")) {
                #expect(LogContext.provider.get()["request_id"] == "req_1")
                #expect(LogContext.provider.get()["payment"] == "pay_2")
            }
        }
    }

    @Test("a JSON log line carries the provider's metadata, the logger's and the call's, the call's winning")
    func jsonLine() {
        let lines = Lines()
        var logger = Logger(label: "test") { label in
            JSONLogHandler(label: label, metadataProvider: LogContext.provider) { lines.add($0) }
        }
        logger[metadataKey: "instance"] = "gw1"
        ServiceContext.$current.withValue(LogContext.with(requestID: "req_9", payment: "pay_9")) {
            logger.info("step", metadata: ["payment": "pay_explicit"])
        }
        let object = try? JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: String]
        #expect(object?["request_id"] == "req_9")
        #expect(object?["instance"] == "gw1")
        #expect(object?["payment"] == "pay_explicit")
        #expect(object?["message"] == "step")
    }

    @Test("with tracing off (no tracer installed), no traceparent is made to store or send")
    func traceContextOff() {
        #expect(TraceContext.traceparent() == nil)
        #expect(TraceContext.traceparent(of: .topLevel) == nil)
        #expect(TraceContext.traceparent(of: TraceContext.continuing("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")) == nil)
    }
}

private final class Counted: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}

private final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
