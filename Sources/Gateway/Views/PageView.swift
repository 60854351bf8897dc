import Store

/// The one list shape: `{"data": […], "has_more": bool, "next_cursor": string | null}`.
/// Ask for the next page with `?cursor=<next_cursor>`; `next_cursor` is null on the last page.
struct PageView<Item: Encodable & Sendable>: Encodable {
    let data: [Item]
    let hasMore: Bool
    let nextCursor: String?

    init(_ page: Page<Item>) {
        data = page.rows
        hasMore = page.hasMore
        nextCursor = page.next?.token
    }

    /// A small list that is always whole (corridors, a payment's refunds, a client's webhooks).
    init(whole items: [Item]) {
        self.init(Page(whole: items))
    }

    enum CodingKeys: String, CodingKey { case data, hasMore, nextCursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(hasMore, forKey: .hasMore)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
