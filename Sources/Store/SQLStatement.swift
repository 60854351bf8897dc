import PostgresNIO

/// One SQL statement assembled from parts, every value bound as a parameter and numbered in
/// the order it is added. Lets several writes share one statement (data-modifying `WITH`
/// parts), which PostgreSQL runs atomically in one round trip.
struct SQLStatement {
    private(set) var sql: String
    private var values: [(any PostgresEncodable)?] = []

    init(_ sql: String = "") { self.sql = sql }

    mutating func append(_ text: String) { sql += text }

    /// Appends `$n` (with `::cast`) for `value`; nil is bound as NULL.
    mutating func bind(_ value: (any PostgresEncodable)?, cast: String? = nil) {
        values.append(value)
        sql += "$" + String(values.count)
        if let cast { sql += "::" + cast }
    }

    /// Appends ` VALUES (…), (…)`, one parameter per value.
    /// - Parameter casts: column index → SQL type to cast the parameter to (e.g. `jsonb`).
    mutating func rows(_ rows: [[(any PostgresEncodable)?]], casts: [Int: String] = [:]) {
        sql += " VALUES "
        for (rowIndex, row) in rows.enumerated() {
            sql += rowIndex == 0 ? "(" : ", ("
            for (column, value) in row.enumerated() {
                if column > 0 { sql += ", " }
                bind(value, cast: casts[column])
            }
            sql += ")"
        }
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: MultiRowInsert.bindings(values)) }
}
