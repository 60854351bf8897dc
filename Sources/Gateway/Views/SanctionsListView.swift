import Foundation
import MekongCore
import Store

/// A sanctions-list import as compliance sees it: its source, publication date, entry count
/// and maker-checker decision, whether it is in force, and its age against the maximum.
struct SanctionsListView: Encodable, Sendable {
    let id: String
    let list: String
    let source: String
    let publishedAt: String?
    let entryCount: Int
    let sha256: String
    let status: String
    let inForce: Bool
    let uploadedBy: String
    let uploadedAt: String
    let decidedBy: String?
    let decidedAt: String?
    let decisionNote: String?

    init(_ r: SanctionsListRecord, inForce: Bool) {
        id = r.id
        list = r.listName
        source = r.source
        publishedAt = r.publishedAt.map(RFC3339.string(from:))
        entryCount = r.entryCount
        sha256 = r.sha256
        status = r.status.rawValue
        self.inForce = inForce
        uploadedBy = r.uploadedBy
        uploadedAt = RFC3339.string(from: r.uploadedAt)
        decidedBy = r.decidedBy
        decidedAt = r.decidedAt.map(RFC3339.string(from:))
        decisionNote = r.decisionNote
    }
}
