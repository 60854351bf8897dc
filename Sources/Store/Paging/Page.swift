/// One page of a newest-first list: up to `limit` rows, whether more follow, and the cursor
/// that asks for them. Repositories read `limit + 1` rows; the extra one only says "more".
public struct Page<Row: Sendable>: Sendable {
    public let rows: [Row]
    public let hasMore: Bool
    public let next: PageCursor?

    public init(reading rows: [Row], limit: Int, cursor: (Row) -> PageCursor) {
        hasMore = rows.count > limit
        self.rows = Array(rows.prefix(limit))
        next = hasMore ? self.rows.last.map(cursor) : nil
    }

    /// A page of a small, bounded list that is always whole.
    public init(whole rows: [Row]) {
        self.rows = rows
        hasMore = false
        next = nil
    }

    public func map<T: Sendable>(_ transform: (Row) throws -> T) rethrows -> Page<T> {
        Page<T>(rows: try rows.map(transform), hasMore: hasMore, next: next)
    }

    init(rows: [Row], hasMore: Bool, next: PageCursor?) {
        self.rows = rows
        self.hasMore = hasMore
        self.next = next
    }
}
