import Hummingbird
import MekongCore

/// A request body as lines (without their `\n`), read as it arrives: memory holds one
/// chunk and one partial line, whatever the body's size.
struct BodyLines: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let body: RequestBody
    /// The longest line accepted.
    let maximumLine: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: RequestBody.AsyncIterator
        let maximumLine: Int
        var pending: [UInt8] = []
        var ready: [[UInt8]] = []
        var readyIndex = 0
        var finished = false

        mutating func next() async throws -> [UInt8]? {
            while true {
                if readyIndex < ready.count {
                    defer { readyIndex += 1 }
                    return ready[readyIndex]
                }
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
                if finished { return nil }
                guard let buffer = try await chunks.next() else {
                    finished = true
                    if !pending.isEmpty {
                        ready.append(pending)
                        pending = []
                    }
                    continue
                }
                for byte in buffer.readableBytesView {
                    if byte == 0x0A {
                        ready.append(pending)
                        pending.removeAll(keepingCapacity: true)
                    } else {
                        pending.append(byte)
                        guard pending.count <= maximumLine else { throw APIError(.invalidRequest, "a line is longer than \(maximumLine) bytes") }
                    }
                }
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: body.makeAsyncIterator(), maximumLine: maximumLine) }
}
