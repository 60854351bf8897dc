import PostgresNIO

/// The quote look-up every payment makes, prepared once per connection.
struct QuoteByID: PostgresPreparedStatement {
    static let sql = """
        SELECT id, client_id, corridor_id, payment_type, source_minor, source_currency, fee_minor,
            destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id, created_at, expires_at
        FROM quotes WHERE id = $1 AND client_id = $2
        """
    typealias Row = QuoteRecord

    let id: String
    let clientID: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        bindings.append(clientID)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> QuoteRecord { try QuoteRepository.decode(row.makeRandomAccess()) }
}
