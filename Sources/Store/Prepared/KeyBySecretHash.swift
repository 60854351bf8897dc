import Foundation
import PostgresNIO

/// The API key look-up every request makes, prepared once per connection.
struct KeyBySecretHash: PostgresPreparedStatement {
    static let sql = """
        SELECT id, client_id, role, name, prefix, permissions, created_at, expires_at, revoked_at, secret_hash, allowed_ips
        FROM api_keys WHERE secret_hash = $1
        """
    typealias Row = (String, String, String, String, String, [String], Date, Date?, Date?, Data, [String])

    let secretHash: Data

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        try bindings.append(secretHash)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
