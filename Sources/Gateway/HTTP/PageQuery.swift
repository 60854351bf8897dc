import Hummingbird
import MekongCore
import Store

/// Reads `limit` and `cursor` from a list's query, with a clear 400 for anything else.
/// `offset` is refused by name: every list but the seed-shaped `/api/v1/charges` pages by cursor.
enum PageQuery {
    static func read(_ query: Parameters) throws(APIError) -> PageRequest {
        if query.get("offset") != nil {
            throw APIError(.invalidRequest, "lists page by cursor, not offset: pass the previous page's 'next_cursor' as 'cursor'")
        }
        let limit = try QueryNumber.bounded(
            query.get("limit"), name: "limit", default: PageRequest.defaultLimit,
            range: 1...PageRequest.largestLimit)
        guard let token = query.get("cursor"), !token.isEmpty else { return PageRequest(limit: limit) }
        guard let cursor = PageCursor(token: token) else {
            throw APIError(.invalidRequest, "query 'cursor' is not a cursor this list gave: pass 'next_cursor' from the previous page unchanged")
        }
        return PageRequest(limit: limit, after: cursor)
    }
}
