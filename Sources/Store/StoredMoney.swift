import MekongCore
import PostgresNIO

/// Reads an amount stored as (minor units, currency code).
enum StoredMoney {
    static func decode(_ row: PostgresRandomAccessRow, minor: String, currency: String) throws -> Money {
        let code = try row[currency].decode(String.self)
        guard let found = Currency.named(code) else { throw StoredValueError(column: currency, value: code) }
        return Money(minorUnits: try row[minor].decode(Int64.self), currency: found)
    }
}

/// Reads a string column into a raw-value enum.
enum StoredEnum {
    static func decode<T: RawRepresentable>(_ type: T.Type, _ row: PostgresRandomAccessRow, _ column: String) throws -> T
    where T.RawValue == String {
        let text = try row[column].decode(String.self)
        guard let value = T(rawValue: text) else { throw StoredValueError(column: column, value: text) }
        return value
    }
}

/// A stored value Mekong no longer understands (for example a currency removed from the table).
struct StoredValueError: Error, CustomStringConvertible {
    let column: String
    let value: String
    var description: String { "stored \(column) '\(value)' is not understood" }
}
