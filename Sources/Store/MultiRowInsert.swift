import PostgresNIO

/// Builds one `INSERT … VALUES (…), (…)` with every value bound as a parameter, so several
/// rows cost one round trip. Values may be nil (bound as NULL).
enum MultiRowInsert {
    // `VALUES` rows with typed casts also serve `WITH v (…) AS (VALUES …)` updates.
    /// - Parameter casts: column index → SQL type to cast the parameter to (e.g. `jsonb`).
    static func query(_ head: String, rows: [[(any PostgresEncodable)?]], casts: [Int: String] = [:]) -> PostgresQuery {
        var statement = SQLStatement(head)
        statement.rows(rows, casts: casts)
        return statement.query
    }

    static func bindings(_ values: [(any PostgresEncodable)?]) -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            if let value { append(value, to: &bindings) } else { bindings.appendNull() }
        }
        return bindings
    }

    private static func append<T: PostgresEncodable>(_ value: T, to bindings: inout PostgresBindings) {
        // Encoding the plain types used here (String, Int, Int64, Bool, Date, Data) cannot fail.
        try! bindings.append(value, context: .default)
    }
}
