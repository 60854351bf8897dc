import MekongCore
import PostgresNIO

/// Faults of the store that callers act on.
public enum StoreError: Error, CustomStringConvertible {
    case invalidDatabaseURL(String)
    case migrationFailed(version: Int, String)
    /// The database watch finds PostgreSQL down; a call waiting for it was abandoned.
    case unreachable

    public var description: String {
        switch self {
        case .invalidDatabaseURL(let reason): "DATABASE_URL \(reason)"
        case .migrationFailed(let version, let reason): "migration \(version) failed: \(reason)"
        case .unreachable: "PostgreSQL does not answer"
        }
    }

    /// Whether `error` is PostgreSQL's unique violation (23505), optionally on one constraint.
    public static func isUniqueViolation(_ error: any Error, constraint: String? = nil) -> Bool {
        guard let psql = underlying(error) as? PSQLError, psql.serverInfo?[.sqlState] == "23505" else { return false }
        guard let constraint else { return true }
        return psql.serverInfo?[.constraintName] == constraint
    }

    /// Whether PostgreSQL refused a row for a CHECK constraint (23514), optionally one by name.
    public static func isCheckViolation(_ error: any Error, constraint: String? = nil) -> Bool {
        guard let psql = underlying(error) as? PSQLError, psql.serverInfo?[.sqlState] == "23514" else { return false }
        guard let constraint else { return true }
        return psql.serverInfo?[.constraintName] == constraint
    }

    /// Whether PostgreSQL ended the statement to break a deadlock (its transaction rolled back).
    public static func isDeadlock(_ error: any Error) -> Bool {
        (underlying(error) as? PSQLError)?.serverInfo?[.sqlState] == "40P01"
    }

    /// Whether the database could not be reached (as opposed to refusing a statement).
    /// A call abandoned at its deadline or because the database is known down (`Database`)
    /// counts as unreachable.
    public static func isUnavailable(_ error: any Error) -> Bool {
        if underlying(error) is DeadlineExceeded { return true }
        if case .unreachable? = underlying(error) as? StoreError { return true }
        guard let psql = underlying(error) as? PSQLError else { return false }
        switch psql.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown: return true
        default: return psql.serverInfo?[.sqlState].map { $0.hasPrefix("08") || $0 == "57P01" || $0 == "57P03" } ?? false
        }
    }

    /// A line for the logs that says what PostgreSQL refused and why (its SQLSTATE, message and
    /// constraint), never the failing row's values (its detail), which may hold account numbers.
    public static func summary(_ error: any Error) -> String {
        guard let psql = underlying(error) as? PSQLError else { return "\(error)" }
        guard let info = psql.serverInfo else { return "PSQLError \(psql.code)" }
        var line = "SQLSTATE \(info[.sqlState] ?? "?"): \(info[.message] ?? "")"
        if let constraint = info[.constraintName] { line += " (constraint \(constraint))" }
        return line
    }

    /// The error a transaction wrapper carries: the first of BEGIN's, the closure's and COMMIT's.
    public static func underlying(_ error: any Error) -> any Error {
        guard let wrapped = error as? PostgresTransactionError else { return error }
        return wrapped.beginError ?? wrapped.closureError ?? wrapped.commitError ?? error
    }
}
