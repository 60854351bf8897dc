import Foundation
import MekongCore
import PostgresNIO

/// Partner exchanges stored together, one array per column, prepared once per connection.
struct ExchangeInsertBatch: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO partner_exchanges (payment_id, corridor_id, method, path, status, duration_ms, request, response, error, at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[],
            $9::text[], $10::timestamptz[])
        """
    typealias Row = Int

    /// Each exchange with the payment it belongs to.
    let rows: [(paymentID: String, exchange: RecordedExchange)]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 10)
        let e = rows.map(\.exchange)
        b.append(rows.map(\.paymentID))
        b.append(e.map(\.corridorID))
        b.append(e.map(\.method))
        b.append(e.map(\.path))
        b.append(NullableArray(e.map(\.status)))
        b.append(NullableArray(e.map(\.durationMilliseconds)))
        b.append(e.map(\.request))
        b.append(NullableArray(e.map(\.response)))
        b.append(NullableArray(e.map(\.error)))
        b.append(e.map(\.at))
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
