public import PostgresNIO
import Foundation

/// Turns a `DATABASE_URL` (`postgres://user:pass@host:port/db`, or with `?host=/socket/dir`
/// for a Unix socket) into a PostgresNIO client configuration.
public enum DatabaseURL {
    public static func configuration(from text: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme) else {
            throw StoreError.invalidDatabaseURL("must look like postgres://user@host:5432/database")
        }
        let user = components.user.map { $0.removingPercentEncoding ?? $0 } ?? "postgres"
        let password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let database = components.path.isEmpty ? nil : String(components.path.dropFirst())
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            let port = components.port ?? 5432
            return PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database
            )
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.invalidDatabaseURL("names no host")
        }
        let tls: PostgresClient.Configuration.TLS = query["sslmode"] == "require"
            ? .require(.makeClientConfiguration()) : .disable
        return PostgresClient.Configuration(host: host, port: components.port ?? 5432, username: user, password: password,
                                            database: database, tls: tls)
    }
}
