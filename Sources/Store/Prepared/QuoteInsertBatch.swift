import Foundation
import MekongCore
import PostgresNIO

/// New quotes stored together, one array per column, prepared once per connection.
struct QuoteInsertBatch: PostgresPreparedStatement {
    static let sql = """
        INSERT INTO quotes (id, client_id, corridor_id, payment_type, source_minor, source_currency, fee_minor,
            destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id, created_at, expires_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[],
            $8::bigint[], $9::text[], $10::bigint[], $11::bigint[], $12::text[], $13::timestamptz[], $14::timestamptz[])
        """
    typealias Row = Int

    let quotes: [QuoteRecord]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 14)
        let p = quotes.map(\.priced)
        b.append(quotes.map(\.id))
        b.append(quotes.map(\.clientID))
        b.append(quotes.map(\.corridorID))
        b.append(quotes.map(\.paymentType.rawValue))
        PriceColumns.append(
            source: p.map(\.sourceAmount), fee: p.map(\.fee), destination: p.map(\.destinationAmount),
            reference: p.map(\.referenceRate), customer: p.map(\.customerRate), snapshot: p.map(\.snapshotID), to: &b)
        b.append(quotes.map(\.createdAt))
        b.append(quotes.map(\.expiresAt))
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
