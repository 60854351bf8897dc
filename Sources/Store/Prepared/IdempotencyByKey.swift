import Foundation
import PostgresNIO

/// The idempotency record look-up every payment and refund request makes, prepared once per
/// connection.
struct IdempotencyByKey: PostgresPreparedStatement {
    static let sql = """
        SELECT request_hash, response_status, response_body, resource_id FROM idempotency_keys
        WHERE client_id = $1 AND key = $2
        """
    typealias Row = (Data, Int, Data, String?)

    let clientID: String
    let key: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(clientID)
        bindings.append(key)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
