import Foundation
import Testing

/// One real Mekong for the integration suites: a fresh database on the PostgreSQL server
/// named by `MEKONG_TEST_DATABASE_URL` (scripts/test starts one), the `mekong sandbox`
/// process and a `mekong serve` process, talking over loopback HTTP. Started once, on first use.
///
/// Partner timeouts are shortened (5 s) and the inquiry schedule compressed so that the
/// timeout and review paths run in seconds, not minutes. 5 s and not less: in a loaded CI run
/// (every suite starting its stack at once) a sandbox answer took over 2 s, and payments to
/// accounts that answer at once ended in review.
struct MekongStack: Sendable {
    let gatewayURL: String
    let sandboxURL: String
    let databaseURL: String
    let appKey: String
    let otherAppKey: String
    let workDirectory: String
    let gateway: TestProcess
    let sandbox: TestProcess
    let configPath: String
    let childEnvironment: [String: String]
    let certificates: TestCertificates
    /// The sandbox's mutual-TLS port (KH-VN NAPAS is reached through it).
    let tlsPort: Int

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The partners' signing secrets for inbound credits in every test stack.
    static let inboundSecrets = ["KH-TH": "test-promptpay-inbound-secret", "KH-CN": "test-alipay-inbound-secret"]

    /// The label on every process this run starts (scripts/test kills them by it at the end).
    /// The keys that seal webhook secrets in every test stack: a current one and an older one.
    static let secretKeys =
        "it2:" + Data(repeating: 0x42, count: 32).base64EncodedString() + ",it1:" + Data(repeating: 0x41, count: 32).base64EncodedString()

    static let runLabel = ProcessInfo.processInfo.environment["MEKONG_TEST_RUN_ID"] ?? "mekong-it"

    static var binary: String {
        ProcessInfo.processInfo.environment["MEKONG_BINARY"] ?? repository.appendingPathComponent(".build/debug/mekong").path
    }

    // The shared stack's suites run the sandbox's failing accounts side by side (hangs, drops,
    // 429s…); in a loaded run five of them in a row opened KH-TH's circuit breaker for 30 s and
    // held everyone's inquiries. The breaker has its own tests (DispatchControlTests, serial stack).
    private static let started = Task { try await start(label: "main", extraEnvironment: ["MEKONG_BREAKER_FAILURE_THRESHOLD": "1000"]) }
    private static let inMaintenance = Task {
        // Sunday 6 December 2026 is the first Sunday of the month: Bakong is in maintenance
        // 02:00–06:00 Asia/Phnom_Penh. This stack's clock starts 2 min before the window ends (room for a loaded CI machine).
        try await start(
            label: "maintenance",
            extraEnvironment: [
                "MEKONG_CLOCK_START_AT": "2026-12-06T05:58:00+07:00",
                "MEKONG_WEBHOOKS_ALLOW_LOOPBACK": "false",
            ])
    }

    private static let onTuesday = Task {
        // Tuesday 24 November 2026, 10:00 in Ho Chi Minh City (11:00 in Kuala Lumpur):
        // inside NAPAS's and DuitNow's hours.
        try await start(label: "tuesday", extraEnvironment: ["MEKONG_CLOCK_START_AT": "2026-11-24T10:00:00+07:00"])
    }

    private static let oneByOne = Task {
        // One dispatch worker, a long acceptance grace and partner timeouts of 30 s: with the
        // sandbox holding a partner's answers, one payment occupies the worker and the payments
        // after it wait in FX_PENDING while a test acts. A short circuit breaker; the Tuesday
        // clock (NAPAS is in business hours).
        try await start(
            label: "serial",
            extraEnvironment: [
                "MEKONG_CLOCK_START_AT": "2026-11-24T10:00:00+07:00", "MEKONG_DISPATCH_WORKERS": "1", "MEKONG_DISPATCH_ACCEPT_GRACE_SECONDS": "120",
                "MEKONG_BREAKER_FAILURE_THRESHOLD": "3", "MEKONG_BREAKER_OPEN_SECONDS": "2",
            ], partnerTimeoutMilliseconds: 30_000)
    }
    private static let forTreasury = Task {
        try await start(
            label: "treasury",
            extraEnvironment: [
                "MEKONG_CLOCK_START_AT": "2026-11-24T10:00:00+07:00",
                "MEKONG_FX_MAX_AGE_SECONDS_BNM": "20",
            ])
    }
    private static let forReconciliation = Task { try await start(label: "reconciliation") }
    private static let forBursts = Task { try await start(label: "burst") }
    // Ops' stack also expires KHQR charges after 6 s (its suites make no charges that must live longer).
    private static let forOps = Task { try await start(label: "ops", extraEnvironment: ["MEKONG_KHQR_CHARGE_TTL_SECONDS": "6"]) }

    /// The shared stack, started on first use.
    static func shared() async throws -> MekongStack { try await started.value }

    /// A separate stack (own database, sandbox and gateway) whose clock runs from just before
    /// the end of a Bakong maintenance window.
    static func maintenance() async throws -> MekongStack { try await inMaintenance.value }

    /// A separate stack for load (the 10,000-event webhook burst), so it does not hold up the
    /// other suites' deliveries.
    static func burst() async throws -> MekongStack { try await forBursts.value }

    /// A separate stack where ops toggle corridors without disturbing the other suites.
    static func ops() async throws -> MekongStack { try await forOps.value }

    /// A stack that dispatches one payment at a time (see `oneByOne`); its tests run serialized.
    static func serial() async throws -> MekongStack { try await oneByOne.value }

    /// A stack on real time (the sandbox's ledger is too) whose payments only the
    /// reconciliation suite makes, so that a day's file holds exactly what it expects.
    static func reconciliation() async throws -> MekongStack { try await forReconciliation.value }

    /// A stack where treasury changes rates without moving other suites' prices.
    static func treasury() async throws -> MekongStack { try await forTreasury.value }

    /// A separate stack whose clock runs from a Tuesday morning in Indochina time.
    static func tuesday() async throws -> MekongStack { try await onTuesday.value }

    var app: TestClient { TestClient(baseURL: gatewayURL, key: appKey) }
    var otherApp: TestClient { TestClient(baseURL: gatewayURL, key: otherAppKey) }
    var anonymous: TestClient { TestClient(baseURL: gatewayURL, key: nil) }
    var partner: TestClient { TestClient(baseURL: sandboxURL, key: nil) }

    /// A new stack of the caller's own (own database, sandbox and gateway), for a test that
    /// must not share corridors or partners with the others (e.g. one that stops a gateway
    /// while others toggle corridors).
    static func isolated(label: String, settings: [String: String] = [:], partnerTimeoutMilliseconds: Int = 5000) async throws -> MekongStack {
        try await start(label: label, extraEnvironment: settings, partnerTimeoutMilliseconds: partnerTimeoutMilliseconds)
    }

    /// A stack on a PostgreSQL of its own, which the caller may stop and start.
    static func onPrivateDatabase(_ database: PrivatePostgres) async throws -> MekongStack {
        try await start(label: "private-db", adminURL: database.adminURL)
    }

    private static func start(
        label: String, extraEnvironment: [String: String] = [:],
        partnerTimeoutMilliseconds: Int = 5000, adminURL givenURL: String? = nil
    ) async throws -> MekongStack {
        let environment = ProcessInfo.processInfo.environment
        guard let adminURL = givenURL ?? environment["MEKONG_TEST_DATABASE_URL"] else {
            throw StackError("MEKONG_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
        }
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw StackError("\(binary) is missing: run `swift build` first (scripts/test does)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("mekong-it-\(label)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("corridors"), withIntermediateDirectories: true)

        // A fresh database for this run.
        let database = "mekong_it_\(UInt32.random(in: 0...UInt32.max))"
        let created = try await TestProcess.run("/usr/bin/psql", [adminURL, "-qc", "CREATE DATABASE \(database)"], environment: environment)
        guard created.status == 0 else { throw StackError("could not create the test database: \(created.output)") }
        var components = URLComponents(string: adminURL)!
        components.path = "/" + database
        let databaseURL = components.string!

        let certificates = try await TestCertificates.make(in: work.appendingPathComponent("tls").path)
        let tlsPort = FreePort.next()
        // Corridor specs with short partner timeouts; KH-VN goes over mutual TLS.
        try FileManager.default.createDirectory(at: work.appendingPathComponent("corridors/pilots"), withIntermediateDirectories: true)
        let specNames =
            try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("corridors").path).filter { $0.hasSuffix(".yaml") }
            + FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("corridors/pilots").path).map { "pilots/" + $0 }
        for name in specNames {
            var text = try String(contentsOf: repository.appendingPathComponent("corridors/\(name)"), encoding: .utf8)
            text = text.replacingOccurrences(of: "total_timeout_ms: 30000", with: "total_timeout_ms: \(partnerTimeoutMilliseconds)")
                .replacingOccurrences(of: "cycle_minutes: 15", with: "cycle_seconds: 3")
                .replacingOccurrences(
                    of: "  max_requests_per_second: 50\n",
                    with: """
                          max_requests_per_second: 50
                          tls:
                            client_certificate: \(certificates.clientCertificatePath)
                            client_key: \(certificates.clientKeyPath)
                            ca: \(certificates.caPath)

                        """)
            try text.write(to: work.appendingPathComponent("corridors/\(name)"), atomically: true, encoding: .utf8)
        }
        let gatewayPort = FreePort.next()
        let sandboxPort = FreePort.next()
        let config = """
            server: { host: 127.0.0.1, port: \(gatewayPort) }
            paths: { corridors: \(work.appendingPathComponent("corridors").path), rates: \(repository.appendingPathComponent("rates").path) }
            fx: { allow_sample_rates: true }
            ops: { refresh_interval_ms: 100 }
            dispatch: { sweep_interval_ms: 100, accept_grace_seconds: 2, inquiry_schedule_seconds: [1, 1, 2], max_dispatch_attempts: 2 }
            webhooks: { allow_loopback: true, retry_delay_percent: 5, poll_interval_ms: 50, rotation_overlap_seconds: 3600 }
            khqr: { open_registration: true, poll_interval_ms: 100, charge_ttl_seconds: 300 }
            rate_limit: { requests_per_second: 1000, burst: 5000 }   # tests share a few keys; RateLimitTests sets its own
            console: { sign_in_burst: 1000 }   # every test signs in from 127.0.0.1; ConsoleTests checks the limit on a gateway of its own
            log: { level: debug }
            """
        let configPath = work.appendingPathComponent("mekong.yaml").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)

        var childEnvironment = environment
        childEnvironment["DATABASE_URL"] = databaseURL
        childEnvironment["MEKONG_SANDBOX_SLOW_SECONDS"] = "1"
        for (corridor, path) in ["KH_TH": "promptpay", "KH_MY": "duitnow", "KH_CN": "alipay", "KH_LA": "lapnet"] {
            childEnvironment["MEKONG_CORRIDOR_\(corridor)_BASE_URL"] = "http://127.0.0.1:\(sandboxPort)/\(path)"
            childEnvironment["MEKONG_CORRIDOR_\(corridor)_TEST_BASE_URL"] = "http://127.0.0.1:\(sandboxPort)/\(path)"
        }
        childEnvironment["MEKONG_CORRIDOR_KH_VN_BASE_URL"] = "https://127.0.0.1:\(tlsPort)/napas"
        childEnvironment["MEKONG_CORRIDOR_KH_VN_TEST_BASE_URL"] = "https://127.0.0.1:\(tlsPort)/napas"
        childEnvironment["MEKONG_BAKONG_BASE_URL"] = "http://127.0.0.1:\(sandboxPort)/bakong"
        childEnvironment["MEKONG_INBOUND_SECRET_KH_TH"] = Self.inboundSecrets["KH-TH"]
        childEnvironment["MEKONG_INBOUND_SECRET_KH_CN"] = Self.inboundSecrets["KH-CN"]
        childEnvironment["MEKONG_PROMPTPAY_CLIENT_SECRET"] = "test-promptpay-client-secret"
        childEnvironment["MEKONG_SECRET_KEYS"] = Self.secretKeys
        childEnvironment.merge(extraEnvironment) { $1 }

        let sandbox = try TestProcess(
            executable: binary,
            arguments: [
                "sandbox", "--port", "\(sandboxPort)", "--instance", Self.runLabel,
                "--gateway-url", "http://127.0.0.1:\(gatewayPort)",
                "--tls-port", "\(tlsPort)", "--tls-certificate", certificates.serverCertificatePath,
                "--tls-key", certificates.serverKeyPath, "--tls-client-ca", certificates.caPath,
            ],
            environment: childEnvironment, logPath: work.appendingPathComponent("sandbox.log").path)
        let gateway = try TestProcess(
            executable: binary, arguments: ["serve", "--config", configPath, "--instance", Self.runLabel],
            environment: childEnvironment, logPath: work.appendingPathComponent("gateway.log").path)
        let gatewayURL = "http://127.0.0.1:\(gatewayPort)"
        let sandboxURL = "http://127.0.0.1:\(sandboxPort)"
        try await waitUntilReady(TestClient(baseURL: gatewayURL, key: nil), path: "/readyz", process: gateway)
        try await waitUntilReady(TestClient(baseURL: sandboxURL, key: nil), path: "/healthz", process: sandbox)

        func makeKey() async throws -> String {
            let made = try await TestProcess.run(
                binary, ["keys", "create", "--role", "app", "--name", "integration", "--quiet"], environment: childEnvironment)
            guard made.status == 0 else { throw StackError("keys create failed: \(made.output)") }
            return made.output.split(separator: "\n").last.map(String.init) ?? ""
        }
        return MekongStack(
            gatewayURL: gatewayURL, sandboxURL: sandboxURL, databaseURL: databaseURL, appKey: try await makeKey(),
            otherAppKey: try await makeKey(), workDirectory: work.path, gateway: gateway, sandbox: sandbox,
            configPath: configPath, childEnvironment: childEnvironment, certificates: certificates, tlsPort: tlsPort)
    }

    /// Starts another gateway process on the same database and sandbox; returns its app client.
    /// - Parameter clockStartAt: on stacks with a set clock, start this one's at that instant
    ///   (the first gateway's "now"), so that both agree on the time.
    func startAnotherGateway(clockStartAt: String? = nil, settings: [String: String] = [:]) async throws -> TestClient {
        try await startGatewayProcess(clockStartAt: clockStartAt, settings: settings).client
    }

    /// Starts another gateway process on the same database and sandbox; returns its app
    /// client and the process (to signal or kill it).
    func startGatewayProcess(
        clockStartAt: String? = nil, settings: [String: String] = [:], port: Int = FreePort.next()
    )
        async throws -> (client: TestClient, process: TestProcess)
    {
        var environment = childEnvironment
        environment["MEKONG_SERVER_PORT"] = "\(port)"
        if let clockStartAt { environment["MEKONG_CLOCK_START_AT"] = clockStartAt }
        environment.merge(settings) { $1 }
        let process = try TestProcess(
            executable: Self.binary, arguments: ["serve", "--config", configPath, "--instance", Self.runLabel],
            environment: environment, logPath: workDirectory + "/gateway-\(port).log")
        let client = TestClient(baseURL: "http://127.0.0.1:\(port)", key: appKey)
        try await Self.waitUntilReady(client, path: "/readyz", process: process)
        return (client, process)
    }

    /// Every gateway log of this stack, the first gateway's and those of any other started on
    /// its database: any instance's sweeper may take a payment the first one accepted.
    func gatewayLogs() -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workDirectory)) ?? []
        return names.filter { $0.hasPrefix("gateway") && $0.hasSuffix(".log") }.sorted()
            .compactMap { try? String(contentsOfFile: workDirectory + "/" + $0, encoding: .utf8) }
            .joined(separator: "\n")
    }

    /// One SQL statement on the stack's database through psql; its output, trimmed. Throws if psql fails.
    func sql(_ statement: String) async throws -> String { try await PSQL.run(databaseURL, statement) }

    /// A new client with its own app key (and so its own payments and webhooks).
    func newApp(permissions: String? = nil) async throws -> TestClient { try await newKey(role: "app", permissions: permissions) }

    /// A new key of `role` (for ops, treasury and admin routes).
    /// - Parameters:
    ///   - client: the client the key acts for (a new one when nil), so that a test and a live
    ///     key can share one;
    ///   - environment: `test` (the CLI's default) or `live`.
    func newKey(role: String, permissions: String? = nil, client: String? = nil, environment: String = "test") async throws -> TestClient {
        var arguments = ["keys", "create", "--role", role, "--name", "integration", "--quiet", "--environment", environment]
        if let permissions { arguments += ["--permissions", permissions] }
        if let client { arguments += ["--client", client] }
        let made = try await TestProcess.run(Self.binary, arguments, environment: childEnvironment)
        guard made.status == 0, let key = made.output.split(separator: "\n").last.map(String.init) else {
            throw StackError("keys create failed: \(made.output)")
        }
        return TestClient(baseURL: gatewayURL, key: key)
    }

    /// This stack's sandbox receiver URL for `name`.
    func receiverURL(_ name: String) -> String { sandboxURL + "/sandbox/receiver/" + name }

    /// What the sandbox receiver `name` got.
    func received(_ name: String) async throws -> [[String: Any]] {
        try await partner.get("/sandbox/receiver/\(name)").json["received"] as? [[String: Any]] ?? []
    }

    private static func waitUntilReady(_ client: TestClient, path: String, process: TestProcess) async throws {
        for _ in 0..<300 {
            if let reply = try? await client.get(path), reply.status == 200 { return }
            guard process.isRunning else { throw StackError("process exited before it was ready: \(process.failureReport())") }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw StackError("not ready after 30 s: \(process.failureReport())")
    }

    // MARK: Helpers for the suites

    /// Quotes and pays to KH-TH; returns the create reply.
    func pay(
        _ client: TestClient, corridor: String = "KH-TH", amount: String = "100.00", currency: String = "USD",
        beneficiary: String = "1234567890", key: String = UUID().uuidString, type: String = "P2P", payer: String? = nil,
        payerName: String = "Sok Dara", beneficiaryName: String = "Somchai Jaidee"
    ) async throws -> TestClient.Reply {
        let quote = try await client.post(
            "/v1/quotes", #"{"corridor":"\#(corridor)","payment_type":"\#(type)","source":{"amount":"\#(amount)","currency":"\#(currency)"}}"#)
        guard quote.status == 201, let quoteID = quote.json["id"] as? String else { throw StackError("quote failed: \(quote.status) \(quote.text)") }
        return try await client.post(
            "/v1/payments",
            Self.paymentBody(quoteID: quoteID, beneficiary: beneficiary, payer: payer, payerName: payerName, beneficiaryName: beneficiaryName),
            idempotencyKey: key)
    }

    /// A payment's body. The payer's account is a new one each time unless given (each payer
    /// is a sender of its own against KH-TH's velocity limits); it always ends in 8901.
    static func paymentBody(
        quoteID: String, beneficiary: String = "1234567890", payer: String? = nil, payerName: String = "Sok Dara",
        beneficiaryName: String = "Somchai Jaidee"
    ) -> String {
        let account = payer ?? String(format: "0%07d8901", Int.random(in: 0..<10_000_000))
        return
            #"{"quote_id":"\#(quoteID)","payer":{"name":"\#(payerName)","account":"\#(account)"},"beneficiary":{"name":"\#(beneficiaryName)","account":"\#(beneficiary)"}}"#
    }

    /// Polls a payment until `done` holds or the time runs out; returns the last view. The
    /// default is generous: it returns as soon as `done` holds, and a loaded run is slow.
    func waitFor(
        _ paymentID: String, as client: TestClient? = nil, seconds: Double = 60,
        until done: ([String: Any]) -> Bool = { $0["final"] as? Bool == true }
    ) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        try await waitUntil(seconds: seconds) {
            last = try await (client ?? app).get("/v1/payments/\(paymentID)").json
            return done(last)
        }
        return last
    }

    /// Has the sandbox push a credit to the gateway as the corridor's partner.
    func sendInbound(
        _ corridor: String, reference: String, amount: String, creditCurrency: String? = nil,
        beneficiary: String = "012345678", type: String = "P2P", payerName: String = "Somchai Jaidee"
    ) async throws -> TestClient.Reply {
        let currency = creditCurrency.map { #","credit_currency":"\#($0)""# } ?? ""
        return try await partner.post(
            "/sandbox/inbound/\(corridor)",
            #"""
            {"reference":"\#(reference)","amount":"\#(amount)","payment_type":"\#(type)"\#(currency),"payer":{"name":"\#(payerName)","account":"9876543210"},"beneficiary":{"name":"Sok Dara","account":"\#(beneficiary)"}}
            """#)
    }

    /// The sandbox's ledger entries for one instruction (payment) id.
    func ledgerEntries(for paymentID: String) async throws -> [[String: Any]] {
        let transfers = try await partner.get("/ledger").json["transfers"] as? [[String: Any]] ?? []
        return transfers.filter { $0["instruction_id"] as? String == paymentID }
    }
}

struct StackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
