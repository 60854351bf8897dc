import Foundation
public import PostgresNIO

/// Turns a `DATABASE_URL` (`postgres://user:pass@host:port/db`, or with `?host=/socket/dir`
/// for a Unix socket) into a PostgresNIO configuration: for the pool (`configuration`) or for
/// one connection of its own (`connectionConfiguration`, the database watch's).
public enum DatabaseURL {
    public static func configuration(from text: String) throws -> PostgresClient.Configuration {
        let url = try Parts(text)
        switch url.endpoint {
        case .socket(let path):
            return PostgresClient.Configuration(unixSocketPath: path, username: url.user, password: url.password, database: url.database)
        case .tcp(let host, let port, let requireTLS):
            return PostgresClient.Configuration(
                host: host, port: port, username: url.user, password: url.password, database: url.database,
                tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        }
    }

    public static func connectionConfiguration(from text: String) throws -> PostgresConnection.Configuration {
        let url = try Parts(text)
        switch url.endpoint {
        case .socket(let path):
            return PostgresConnection.Configuration(unixSocketPath: path, username: url.user, password: url.password, database: url.database)
        case .tcp(let host, let port, let requireTLS):
            return PostgresConnection.Configuration(
                host: host, port: port, username: url.user, password: url.password, database: url.database,
                tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
        }
    }

    /// What a URL names.
    private struct Parts {
        enum Endpoint {
            case socket(path: String)
            case tcp(host: String, port: Int, requireTLS: Bool)
        }

        let user: String
        let password: String?
        let database: String?
        let endpoint: Endpoint

        init(_ text: String) throws {
            guard let components = URLComponents(string: text), let scheme = components.scheme,
                ["postgres", "postgresql"].contains(scheme)
            else {
                throw StoreError.invalidDatabaseURL("must look like postgres://user@host:5432/database")
            }
            user = components.user.map { $0.removingPercentEncoding ?? $0 } ?? "postgres"
            password = components.password.map { $0.removingPercentEncoding ?? $0 }
            database = components.path.isEmpty ? nil : String(components.path.dropFirst())
            let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            let port = components.port ?? 5432
            if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
                endpoint = .socket(path: "\(socketDirectory)/.s.PGSQL.\(port)")
            } else {
                guard let host = components.host, !host.isEmpty else { throw StoreError.invalidDatabaseURL("names no host") }
                endpoint = .tcp(host: host, port: port, requireTLS: query["sslmode"] == "require")
            }
        }
    }
}
