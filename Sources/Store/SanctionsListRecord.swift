public import Foundation

/// One import of a sanctions list: its name, source and publication date, how many entries it
/// holds, and the maker-checker decision that puts it in force. `entries` (JSON) is read only
/// when an instance builds its screening index.
public struct SanctionsListRecord: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Codable {
        case pending
        case approved
        case rejected
    }

    public let id: String
    /// "UN", "OFAC SDN", or a local list's name.
    public let listName: String
    /// `un`, `ofac` or `local`.
    public let source: String
    public let publishedAt: Date?
    public let entryCount: Int
    /// SHA-256 of the files as uploaded, hex.
    public let sha256: String
    public var status: Status
    public let uploadedBy: String
    public let uploadedClient: String
    public let uploadedAt: Date
    public var decidedBy: String?
    public var decidedClient: String?
    public var decidedAt: Date?
    public var decisionNote: String?

    public init(
        id: String, listName: String, source: String, publishedAt: Date?, entryCount: Int, sha256: String, status: Status,
        uploadedBy: String, uploadedClient: String, uploadedAt: Date, decidedBy: String? = nil, decidedClient: String? = nil,
        decidedAt: Date? = nil, decisionNote: String? = nil
    ) {
        self.id = id
        self.listName = listName
        self.source = source
        self.publishedAt = publishedAt
        self.entryCount = entryCount
        self.sha256 = sha256
        self.status = status
        self.uploadedBy = uploadedBy
        self.uploadedClient = uploadedClient
        self.uploadedAt = uploadedAt
        self.decidedBy = decidedBy
        self.decidedClient = decidedClient
        self.decidedAt = decidedAt
        self.decisionNote = decisionNote
    }
}
