import CCurl
import Foundation

/// Every outbound partner and webhook call goes through this one transport, built on
/// libcurl's multi interface.
///
/// One dedicated thread drives the multi handle (`curl_multi_poll`), so connections are
/// pooled and reused across requests, and no Swift concurrency thread ever blocks on I/O.
/// Callers `await send(_:)`; the result arrives through a continuation. Each request carries
/// the caller's W3C trace context (`traceparent`) when tracing is on.
public final class HTTPTransport: Sendable {
    private let queue = SubmissionQueue()
    private let multi: MultiHandle

    /// Starts the transport's thread.
    public init() {
        Self.globalInit
        let multi = MultiHandle(curl_multi_init())
        self.multi = multi
        let queue = self.queue
        let thread = Thread {
            var loop = TransferLoop(multi: multi, queue: queue)
            loop.run()
        }
        thread.name = "mekong-curl"
        thread.start()
    }

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    /// Sends a request and waits for the response.
    /// - Throws: `TransportError` when no HTTP response was obtained.
    public func send(_ request: OutboundRequest) async throws(TransportError) -> OutboundResponse {
        var request = request
        request.headers = TraceHeaders.adding(to: request.headers)
        let result: Result<OutboundResponse, TransportError> = await withCheckedContinuation { continuation in
            let transfer = Transfer(request: request, continuation: continuation)
            if queue.submit(transfer) {
                curl_multi_wakeup(multi.pointer)
            } else {
                continuation.resume(returning: .failure(TransportError.shutDown))
            }
        }
        return try result.get()
    }

    /// Stops the thread; every transfer still queued or running fails.
    public func shutdown() {
        queue.stop()
        curl_multi_wakeup(multi.pointer)
    }

    deinit {
        shutdown()
    }
}

/// The raw multi handle, shared between the transport and its thread.
final class MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer?) { self.pointer = pointer! }
}
