public import Foundation

/// One admin action: who, what, on what, the state before and after, when and from where.
public struct AuditEntry: Sendable, Equatable {
    public let id: Int64?
    public let actorKeyID: String
    public let action: String
    public let target: String
    /// JSON of the state before and after.
    public let before: String?
    public let after: String?
    public let at: Date
    public let sourceAddress: String?

    public init(
        id: Int64? = nil, actorKeyID: String, action: String, target: String, before: String?, after: String?,
        at: Date, sourceAddress: String?
    ) {
        self.id = id
        self.actorKeyID = actorKeyID
        self.action = action
        self.target = target
        self.before = before
        self.after = after
        self.at = at
        self.sourceAddress = sourceAddress
    }
}

extension AuditEntry {
    /// A value as the audit trail records it: JSON with snake_case keys, sorted, ISO 8601 times.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
