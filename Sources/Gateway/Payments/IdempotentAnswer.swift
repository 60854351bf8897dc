import HTTPTypes
import Hummingbird

/// The answer to a request made under an Idempotency-Key (payments, refunds): its status and
/// body, and whether it replays the answer an earlier request with the same key got.
struct IdempotentAnswer: Sendable {
    let status: Int
    let body: [UInt8]
    let replayed: Bool

    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    /// The HTTP response; a replay says so with `Idempotent-Replayed: true`.
    var response: Response {
        JSONResponse.make(.init(code: status), bytes: body, headers: replayed ? [Self.replayedHeader: "true"] : [:])
    }
}
