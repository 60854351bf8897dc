import Compliance
import Foundation
import MekongCore

/// A list this instance screens against, with its age and whether it is older than allowed.
struct ListInForceView: Encodable, Sendable {
    let list: String
    let source: String
    let id: String
    let entryCount: Int
    let publishedAt: String?
    let inForceSince: String
    let ageSeconds: Int
    let maxAgeSeconds: Int
    let stale: Bool

    init(_ list: ListInForce, maxAge: TimeInterval, now: Date) {
        self.list = list.name
        source = list.source.rawValue
        id = list.id
        entryCount = list.entryCount
        publishedAt = list.publishedAt.map(RFC3339.string(from:))
        inForceSince = RFC3339.string(from: list.inForceSince)
        ageSeconds = Int(list.age(at: now))
        maxAgeSeconds = Int(maxAge)
        stale = list.age(at: now) > maxAge
    }
}
