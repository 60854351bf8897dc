import Foundation

/// What `mekong bench` runs against: a sandbox and a gateway it starts on the ports it is
/// given, over the PostgreSQL it was given, with the tools it drives them with.
final class BenchRig: @unchecked Sendable {
    let work: String
    let databaseURL: String
    let environment: [String: String]
    let binary: String
    let gatewayURL: String
    let sandboxPort: Int
    private(set) var sandbox: ChildProcess?
    private(set) var gateway: ChildProcess?
    /// From the gateway's start to its first ready answer (PostgreSQL already running).
    private(set) var readyMilliseconds = 0
    private(set) var appKey = ""
    private(set) var clientID = ""

    struct Tools {
        var wrk: String
        var pgbench: String
        var psql: String
        var curl: String
    }
    let tools: Tools

    init(work: String, databaseURL: String, repository: String, gatewayPort: Int, sandboxPort: Int, tools: Tools) throws {
        self.work = work
        self.databaseURL = databaseURL
        self.tools = tools
        binary = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        gatewayURL = "http://127.0.0.1:\(gatewayPort)"

        // The repository's corridor specs, with KH-TH's partner pacing (500 calls/s, the
        // partner's agreed limit) lifted: the sandbox answers at once, so the gateway's own
        // cost is what is measured.
        let corridors = work + "/corridors"
        try FileManager.default.createDirectory(atPath: corridors, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: repository + "/corridors") where name.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: repository + "/corridors/" + name, encoding: .utf8)
                .replacingOccurrences(of: "max_requests_per_second: 500\n", with: "max_requests_per_second: 1000000\n")
            try text.write(toFile: corridors + "/" + name, atomically: true, encoding: .utf8)
        }
        // Screening on, against 20,000 entries; KH-TH's velocity limits on (each bench payment
        // is a sender of its own).
        let listed = try BenchSanctionsList.write(count: 20_000, to: work + "/sanctions")
        FileHandle.standardError.write(
            Data("screening: \(listed) entries in force (SyntheticSanctionsList); velocity: KH-TH's limits per sender\n".utf8))
        try """
        server: { host: 127.0.0.1, port: \(gatewayPort) }
        paths: { corridors: \(corridors), rates: \(repository)/rates }
        screening: { lists_directory: \(work)/sanctions }
        fx: { allow_sample_rates: true }
        rate_limit: { requests_per_second: 10000000, burst: 10000000 }   # one key carries the whole load
        log: { level: warning }
        """.write(toFile: work + "/mekong.yaml", atomically: true, encoding: .utf8)

        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        for (corridor, path) in ["KH_TH": "promptpay", "KH_MY": "duitnow", "KH_CN": "alipay", "KH_VN": "napas"] {
            environment["MEKONG_CORRIDOR_\(corridor)_BASE_URL"] = "http://127.0.0.1:\(sandboxPort)/\(path)"
            environment["MEKONG_CORRIDOR_\(corridor)_TEST_BASE_URL"] = "http://127.0.0.1:\(sandboxPort)/\(path)"
        }
        environment["MEKONG_BAKONG_BASE_URL"] = "http://127.0.0.1:\(sandboxPort)/bakong"
        for name in ["MEKONG_INBOUND_SECRET_KH_TH", "MEKONG_INBOUND_SECRET_KH_CN", "MEKONG_PROMPTPAY_CLIENT_SECRET"] {
            environment[name] = "bench-" + name.lowercased()
        }
        environment["MEKONG_LOG_LEVEL"] = "warning"
        environment["MEKONG_SECRET_KEYS"] =
            environment["MEKONG_SECRET_KEYS"] ?? "bench:" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        self.environment = environment

        self.sandboxPort = sandboxPort
        _ = try ChildProcess.run(binary, ["migrate"], environment: environment)
    }

    /// Starts the sandbox and the gateway, and waits until the gateway is ready.
    func start() throws {
        sandbox = try ChildProcess(
            binary, ["sandbox", "--port", "\(sandboxPort)", "--gateway-url", gatewayURL],
            environment: environment, logPath: work + "/sandbox.log")
        let started = Date()
        let gateway = try ChildProcess(
            binary, ["serve", "--config", work + "/mekong.yaml"], environment: environment,
            logPath: work + "/gateway.log")
        self.gateway = gateway
        var ready = false
        while !ready, Date().timeIntervalSince(started) < 30, gateway.isRunning {
            ready =
                (try? ChildProcess(tools.curl, ["-sf", "-o", "/dev/null", gatewayURL + "/readyz"], environment: environment).finish().status) == 0
            if !ready { usleep(5_000) }
        }
        readyMilliseconds = Int(Date().timeIntervalSince(started) * 1000)
        guard ready else { throw BenchFailure("the gateway did not become ready; see \(work)/gateway.log") }
    }

    /// Starts a second gateway on `port`, over the same PostgreSQL and sandbox, and waits
    /// until it is ready; returns it and its URL.
    func startSecondGateway(port: Int) throws -> (ChildProcess, String) {
        var environment = environment
        environment["MEKONG_SERVER_PORT"] = "\(port)"
        let url = "http://127.0.0.1:\(port)"
        let second = try ChildProcess(
            binary, ["serve", "--config", work + "/mekong.yaml"], environment: environment,
            logPath: work + "/gateway-2.log")
        let started = Date()
        var ready = false
        while !ready, Date().timeIntervalSince(started) < 30, second.isRunning {
            ready = (try? ChildProcess(tools.curl, ["-sf", "-o", "/dev/null", url + "/readyz"], environment: environment).finish().status) == 0
            if !ready { usleep(5_000) }
        }
        guard ready else { throw BenchFailure("the second gateway did not become ready; see \(work)/gateway-2.log") }
        return (second, url)
    }

    /// Makes the app key the load uses.
    func makeAppKey() throws {
        appKey =
            try ChildProcess.run(binary, ["keys", "create", "--role", "app", "--name", "bench", "--quiet"], environment: environment)
            .split(separator: "\n").last.map(String.init) ?? ""
        clientID = try sql("SELECT client_id FROM api_keys WHERE role = 'app' ORDER BY created_at DESC LIMIT 1")
    }

    /// Runs SQL through psql; returns its unaligned output.
    @discardableResult
    func sql(_ text: String) throws -> String {
        try ChildProcess.run(tools.psql, [databaseURL, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", text], environment: environment)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// POSTs JSON to the gateway with the app key; returns the answer.
    func post(_ path: String, _ body: String) throws -> [String: Any] {
        let text = try ChildProcess.run(
            tools.curl,
            [
                "-sf", "-X", "POST", gatewayURL + path, "-H", "Authorization: Bearer \(appKey)",
                "-H", "Content-Type: application/json", "-d", body,
            ], environment: environment)
        return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// Makes `count` copies of quote `template`, named PREFIX1…PREFIXcount, valid for an hour.
    func copyQuote(_ template: String, prefix: String, count: Int) throws {
        try sql(
            """
            INSERT INTO quotes (id, client_id, corridor_id, payment_type, source_minor, source_currency, fee_minor,
                destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id, created_at, expires_at)
            SELECT '\(prefix)' || g, client_id, corridor_id, payment_type, source_minor, source_currency, fee_minor,
                destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id, created_at, now() + interval '1 hour'
            FROM quotes, generate_series(1, \(count)) g WHERE id = '\(template)'
            """)
    }

    /// Payments not yet in a final state.
    func unfinishedPayments() throws -> Int {
        Int(try sql("SELECT count(*) FROM payments WHERE state IN ('INITIATED', 'VALIDATED', 'FX_PENDING', 'CORRIDOR_PROCESSING')")) ?? -1
    }

    func stop() {
        gateway?.stop()
        sandbox?.stop()
    }
}
