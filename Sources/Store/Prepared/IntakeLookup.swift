import Foundation
import PostgresNIO

/// What accepting a payment reads before it writes, for every request of a batch at once:
/// the Idempotency-Key's record (to replay) and the caller's quote. Prepared once per
/// connection; one row answers each request, in order.
struct IntakeLookup: PostgresPreparedStatement {
    static let sql = """
        SELECT i.ord, k.request_hash, k.response_status, k.response_body, k.resource_id,
            q.id, q.client_id, q.corridor_id, q.payment_type, q.source_minor, q.source_currency, q.fee_minor,
            q.destination_minor, q.destination_currency, q.reference_rate, q.customer_rate, q.snapshot_id, q.created_at, q.expires_at
        FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(client_id, key, quote_id, ord)
        LEFT JOIN idempotency_keys k ON k.client_id = i.client_id AND k.key = i.key
        LEFT JOIN quotes q ON q.id = i.quote_id AND q.client_id = i.client_id
        ORDER BY i.ord
        """
    typealias Row = (idempotency: IdempotencyRecord?, quote: QuoteRecord?)

    /// Each request's client, Idempotency-Key and quote id.
    let requests: [(clientID: String, key: String, quoteID: String)]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(requests.map(\.clientID))
        bindings.append(requests.map(\.key))
        bindings.append(requests.map(\.quoteID))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let columns = row.makeRandomAccess()
        let index = try columns["ord"].decode(Int.self) - 1
        var record: IdempotencyRecord?
        if let hash = try columns["request_hash"].decode(Data?.self) {
            let request = requests[index]
            record = IdempotencyRecord(
                clientID: request.clientID, key: request.key, requestHash: hash,
                responseStatus: try columns["response_status"].decode(Int.self),
                responseBody: try columns["response_body"].decode(Data.self),
                resourceID: try columns["resource_id"].decode(String?.self))
        }
        let quote = try columns["id"].decode(String?.self) == nil ? nil : try QuoteRepository.decode(columns)
        return (record, quote)
    }
}
