import Compliance
import Foundation

/// A sanctions list this instance screens against: a file loaded at start-up
/// (`screening.lists_directory`) or the latest approved import of its name, with its index.
struct ListInForce: Sendable {
    /// "UN", "OFAC SDN", or a local list's name.
    let name: String
    let source: SanctionsList.Source
    /// The import's id, or `file:<path>` for a list loaded from a file.
    let id: String
    let publishedAt: Date?
    /// When it came into force: its approval, or the start-up that loaded the file.
    let inForceSince: Date
    let index: ScreeningIndex

    var entryCount: Int { index.entryCount }

    /// How old the list is: from its publication date when it has one, else from when it came into force.
    func age(at now: Date) -> TimeInterval { now.timeIntervalSince(publishedAt ?? inForceSince) }
}
