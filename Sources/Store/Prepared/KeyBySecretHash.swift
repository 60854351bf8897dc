import Foundation
import NIOCore
import PostgresNIO

/// The API key look-up every request makes, for every request of a batch at once
/// (`secret_hash = ANY`, by its unique index), prepared once per connection.
struct KeyBySecretHash: PostgresPreparedStatement {
    static let sql = """
        SELECT id, client_id, role, name, prefix, permissions, created_at, expires_at, revoked_at, secret_hash, allowed_ips
        FROM api_keys WHERE secret_hash = ANY($1::bytea[])
        """
    typealias Row = (String, String, String, String, String, [String], Date, Date?, Date?, Data, [String])

    let secretHashes: [Data]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(secretHashes.map { ByteBuffer(bytes: $0) })
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
