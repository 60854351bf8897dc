/// What a caller asked of a list: how many rows (1 to `PageRequest.largestLimit`) and where
/// to start (after the cursor of the previous page, or from the newest).
public struct PageRequest: Sendable, Equatable {
    /// The one largest `limit` of every cursor-paged list.
    public static let largestLimit = 100
    public static let defaultLimit = 20

    public let limit: Int
    public let after: PageCursor?

    public init(limit: Int = PageRequest.defaultLimit, after: PageCursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// Rows to read: one more than asked, to know whether more follow.
    public var readLimit: Int { limit + 1 }
}
