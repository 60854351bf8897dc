import Hummingbird
import NIOCore
import Synchronization

/// Gathers a response body written by a handler, for the console's in-process API calls.
final class ResponseCollector: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    var collected: [UInt8] { bytes.withLock { $0 } }

    /// A writer that appends to this collector, up to `limit` bytes (more is an error).
    func writer(limit: Int) -> some ResponseBodyWriter { Writer(collector: self, limit: limit) }

    struct TooLarge: Error {}

    private struct Writer: ResponseBodyWriter {
        let collector: ResponseCollector
        let limit: Int

        mutating func write(_ buffer: ByteBuffer) async throws {
            try collector.bytes.withLock { stored throws(TooLarge) in
                guard stored.count + buffer.readableBytes <= limit else { throw TooLarge() }
                stored.append(contentsOf: buffer.readableBytesView)
            }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
