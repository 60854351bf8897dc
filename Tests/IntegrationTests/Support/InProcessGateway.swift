import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Store

/// The gateway inside the test process, on a database of its own on the test run's PostgreSQL,
/// driven through HummingbirdTesting's router client: no listening socket and no child
/// processes, but the real router, middleware, repositories and services (issue 21, item 3).
/// The partner sandbox is not started, and every partner URL points at a closed port: a payment
/// is accepted and stored, and its hand-off is refused at once. So routes whose outcome depends
/// on a partner belong to the process stacks (`MekongStack`).
struct InProcessGateway {
    let environment: [String: String]
    let configPath: String
    let databaseURL: String
    /// Keys made before the gateway starts, one per role (app, treasury, ops, admin, merchant),
    /// each of its own client, with the permissions `mekong keys create` gives by default.
    let keys: [String: String]
    var appKey: String { keys["app"]! }
    var opsKey: String { keys["ops"]! }

    static let roles = ["app", "treasury", "ops", "admin", "merchant", "compliance"]

    /// `settings` are extra environment variables (`MEKONG_…`), as `MekongStack.isolated` takes them.
    static func make(label: String, settings: [String: String] = [:]) async throws -> InProcessGateway {
        guard let adminURL = ProcessInfo.processInfo.environment["MEKONG_TEST_DATABASE_URL"] else {
            throw StackError("MEKONG_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
        }
        let database = "mekong_ip_\(label.replacingOccurrences(of: "-", with: "_"))_\(UInt32.random(in: 0...UInt32.max))"
        let created = try await TestProcess.run(
            "/usr/bin/psql", [adminURL, "-qc", "CREATE DATABASE \(database)"], environment: ProcessInfo.processInfo.environment)
        guard created.status == 0 else { throw StackError("could not create the test database: \(created.output)") }
        var components = URLComponents(string: adminURL)!
        components.path = "/" + database
        let databaseURL = components.string!

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mekong-ip-\(label)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let configPath = work.appendingPathComponent("mekong.yaml").path
        try """
        server: { host: 127.0.0.1, port: 1 }
        paths: { corridors: \(MekongStack.repository.appendingPathComponent("corridors").path), rates: \(MekongStack.repository.appendingPathComponent("rates").path) }
        fx: { allow_sample_rates: true }
        ops: { refresh_interval_ms: 100 }
        rate_limit: { requests_per_second: 1000, burst: 5000 }
        database: { pool_size: 4 }   # several run side by side in one test process
        khqr: { open_registration: true }
        breaker: { failure_threshold: 1000 }   # partners are a closed port: hand-offs fail, quotes and intake must not
        log: { level: warning }
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        var environment = [
            "DATABASE_URL": databaseURL, "MEKONG_SECRET_KEYS": MekongStack.secretKeys,
            "MEKONG_INBOUND_SECRET_KH_TH": MekongStack.inboundSecrets["KH-TH"]!, "MEKONG_INBOUND_SECRET_KH_CN": MekongStack.inboundSecrets["KH-CN"]!,
            "MEKONG_PROMPTPAY_CLIENT_SECRET": "test-promptpay-client-secret", "MEKONG_BAKONG_BASE_URL": closedPort,
        ]
        for corridor in ["KH_TH", "KH_MY", "KH_VN", "KH_CN", "KH_LA"] {
            environment["MEKONG_CORRIDOR_\(corridor)_BASE_URL"] = closedPort
            environment["MEKONG_CORRIDOR_\(corridor)_TEST_BASE_URL"] = closedPort
        }
        environment.merge(settings) { _, setting in setting }

        // Schema and keys first, as `mekong migrate` and `mekong keys create` would make them.
        let made = Dictionary(uniqueKeysWithValues: roles.map { ($0, madeKey(role: $0)) })
        try await withDatabase(databaseURL) { client, logger in
            _ = try await Migrator(client: client, logger: logger).migrate()
            let keys = APIKeyRepository(database: Database(client: client), logger: logger)
            for key in made.values { try await keys.insert(key.record, secretHash: key.secretHash) }
        }
        return InProcessGateway(
            environment: environment, configPath: configPath, databaseURL: databaseURL,
            keys: made.mapValues(\.plaintext))
    }

    /// Where partner URLs point: nothing listens on port 1.
    static let closedPort = "http://127.0.0.1:1/partner"

    /// A key of `role` and a client of its own, as `mekong keys create` makes it by default.
    static func madeKey(role: String) -> APIKeyMaker.Made {
        APIKeyMaker.make(
            role: role, name: "in-process \(role)", clientID: nil,
            permissions: role == "app" || role == "merchant" ? ["webhook"] : [], validFor: 86_400)
    }

    /// One more key of `role` (a second treasury key for maker-checker, another app).
    func newKey(role: String) async throws -> String {
        let made = Self.madeKey(role: role)
        try await Self.withDatabase(databaseURL) { client, logger in
            try await APIKeyRepository(database: Database(client: client), logger: logger).insert(made.record, secretHash: made.secretHash)
        }
        return made.plaintext
    }

    private static func withDatabase(_ url: String, _ body: @Sendable (PostgresClient, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "in-process-setup")
        logger.logLevel = .error
        let client = PostgresClient(configuration: try DatabaseURL.configuration(from: url), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client, logger)
        }
    }

    /// One statement on this gateway's database.
    func sql(_ statement: String) async throws -> String { try await PSQL.run(databaseURL, statement) }

    /// Builds the gateway as `mekong serve` does, runs its services, and hands `body` a client
    /// that calls the router directly.
    func test<Value: Sendable>(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let config = try GatewayConfigFile.load(path: configPath, environment: environment)
        let setup = try GatewaySetup.load(config: config, environment: environment, now: Date())
        var logger = Logger(label: "in-process")
        logger.logLevel = .warning
        return try await buildApplication(setup: setup, logger: logger).test(.router) { client in try await body(client) }
    }
}
