import Foundation

/// One import of a sanctions list: where it came from, when its publisher issued it, and its
/// entries. Imports are versioned snapshots (like rate snapshots); this is the parsed file.
public struct SanctionsList: Sendable {
    public enum Source: String, Sendable, CaseIterable {
        /// The UN Security Council Consolidated List (XML).
        case un
        /// The US OFAC SDN list (`sdn.csv` with its alias file `alt.csv`).
        case ofac
        /// A local list in Mekong's plain CSV (the Cambodian FIU's, a bank's own).
        case local
    }

    public let source: Source
    /// The publisher's date of issue, when the file states it.
    public let publishedAt: Date?
    public let entries: [SanctionsEntry]

    public init(source: Source, publishedAt: Date?, entries: [SanctionsEntry]) {
        self.source = source
        self.publishedAt = publishedAt
        self.entries = entries
    }
}
