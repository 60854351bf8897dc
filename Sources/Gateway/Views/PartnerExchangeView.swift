import Foundation
import MekongCore

/// A partner exchange as staff see it: already redacted when it was stored.
struct PartnerExchangeView: Encodable {
    let corridor: String
    let method: String
    let path: String
    let status: Int?
    let durationMs: Int?
    let request: String
    let response: String?
    let error: String?
    let at: String

    init(_ e: RecordedExchange) {
        corridor = e.corridorID
        method = e.method
        path = e.path
        status = e.status
        durationMs = e.durationMilliseconds
        request = e.request
        response = e.response
        error = e.error
        at = RFC3339.string(from: e.at)
    }
}
