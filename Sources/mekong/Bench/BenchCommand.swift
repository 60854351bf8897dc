import ArgumentParser
import Foundation

/// `mekong bench`: measures the gateway on this machine against its limits, in one run, and
/// prints one table. scripts/bench builds in release mode, starts a private PostgreSQL
/// (synchronous_commit on) and runs this.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the gateway: framework limit, database limit, accepts, end to end, quotes, memory.",
        discussion: """
            Needs DATABASE_URL (an empty database), wrk, pgbench, psql and curl. Starts the sandbox and \
            the gateway from this binary, drives them from wrk (a separate process) and prints one table. \
            Use scripts/bench, which builds in release mode and starts PostgreSQL first.
            """
    )

    @Option(help: "Seconds each load phase runs.") var duration = 15
    @Option(help: "Open connections (wrk).") var connections = 64
    @Option(help: "wrk threads.") var threads = 2
    @Option(help: "Offered payments per second in the end-to-end phase (open loop).") var endToEndRate = 1000
    @Option(help: "Offered requests per second in the open-loop accept and quote phases.") var openRate = 2500
    @Option(help: "Payments per statement in the batched pgbench run (the accept phase reports the size it saw).") var pgbenchBatch = 8
    @Option(help: "pgbench clients: the gateway's database pool size (database.pool_size).") var databaseClients = 20
    @Option(help: "The repository (corridors/, rates/, Benchmarks/load/).") var repository = "."
    @Option(help: "Working folder for logs and configuration.") var work = "/tmp/mekong-bench"
    @Option(help: "Gateway port.") var gatewayPort = 18080
    @Option(help: "A second gateway's port, for the phase with two instances (0: skip it).") var secondGatewayPort = 0
    @Option(help: "Sandbox port.") var sandboxPort = 18090
    @Flag(help: "Run only the end-to-end phase (and the database's time during it): to measure a change to the payment path quickly.")
    var endToEndOnly = false
    @Option(help: "wrk binary.") var wrk = "/usr/bin/wrk"
    @Option(help: "pgbench binary.") var pgbench = "/usr/lib/postgresql/15/bin/pgbench"
    @Option(help: "psql binary.") var psql = "/usr/bin/psql"
    @Option(help: "curl binary.") var curl = "/usr/bin/curl"

    func run() throws {
        guard let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"] else {
            throw ValidationError("DATABASE_URL is not set (scripts/bench starts a PostgreSQL and sets it)")
        }
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let loadScript = repository + "/Benchmarks/load/load.lua"
        var table = BenchTable(connections: connections, threads: threads, seconds: duration, databaseClients: databaseClients)

        let rig = try BenchRig(
            work: work, databaseURL: databaseURL, repository: repository, gatewayPort: gatewayPort,
            sandboxPort: sandboxPort, tools: .init(wrk: wrk, pgbench: pgbench, psql: psql, curl: curl))
        defer { rig.stop() }
        try rig.makeAppKey()
        if endToEndOnly { return try endToEndAlone(rig, &table) }
        // The database alone first, before the gateway runs: otherwise its dispatcher and
        // outbox would pick up pgbench's payments and events and share the machine with it.
        table.database = try databaseLimit(rig)
        table.batchedDatabase = try databaseLimit(rig, batch: pgbenchBatch)
        table.pgbenchBatch = pgbenchBatch

        progress("starting the sandbox and the gateway (release build, log level warning)")
        try rig.start()
        table.readyMilliseconds = rig.readyMilliseconds

        // Quotes for every payment the load may send (one each): at most 20,000/s closed loop.
        let template = try rig.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
        guard let templateID = template["id"] as? String else { throw BenchFailure("no quote: \(template)") }
        progress("making \(20_000 * duration + (openRate + endToEndRate) * duration) quotes for the load")
        try rig.copyQuote(templateID, prefix: "quo_accept_", count: 20_000 * duration)
        try rig.copyQuote(templateID, prefix: "quo_open_", count: openRate * duration)
        try rig.copyQuote(templateID, prefix: "quo_e2e_", count: endToEndRate * duration)
        if secondGatewayPort > 0 {
            try rig.copyQuote(templateID, prefix: "quo_one_", count: 10_000 * duration)
            try rig.copyQuote(templateID, prefix: "quo_two_", count: 10_000 * duration)
        }
        try rig.sql("ANALYZE")

        table.healthz = try load("1/6 framework: GET /healthz", rig, ["healthz"], loadScript)
        _ = try? rig.sql("SELECT pg_stat_statements_reset()")
        (table.accept, table.cpu["accept"]) = try measured(rig) {
            try load("3/6 accept: POST /v1/payments", rig, ["payments", rig.appKey, "quo_accept_", "\(threads)"], loadScript)
        }
        table.accepted = Int(try rig.sql("SELECT count(*) FROM payments WHERE quote_id LIKE 'quo_accept_%'")) ?? 0
        // How many payments each batched accept statement carried under that load.
        table.acceptBatchCalls = Int(
            (try? rig.sql("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query LIKE 'WITH keys AS (%'")) ?? "")
        if let top = try? rig.sql(
            """
            SELECT lpad(round(total_exec_time)::text, 6) || ' ms run ' || lpad(round(total_plan_time)::text, 6) || ' ms plan '
                || lpad(calls::text, 7) || ' calls  ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 100)
            FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 12
            """)
        {
            progress("where PostgreSQL's time went during the accept phase (pg_stat_statements):\n" + top)
        }
        try drain(rig)
        (table.acceptOpen, table.cpu["accept-open"]) = try measured(rig) {
            try openLoop("3b/6 accept, open loop: \(openRate) payments/s offered", rig, mode: "payments", rate: openRate, prefix: "quo_open_")
        }
        try drain(rig)
        table.endToEnd = try endToEnd(rig, &table)
        (table.quotes, table.cpu["quotes"]) = try measured(rig) {
            try load("5/6 quotes: POST /v1/quotes", rig, ["quotes", rig.appKey], loadScript)
        }
        (table.quotesOpen, table.cpu["quotes-open"]) = try measured(rig) {
            try openLoop("5b/6 quotes, open loop: \(openRate)/s offered", rig, mode: "quotes", rate: openRate, prefix: "")
        }
        table.peakKilobytes = rig.gateway?.memory("VmHWM")
        if secondGatewayPort > 0 {
            table.twoInstances = try twoInstances(rig, loadScript)
        }
        progress("6/6 memory: gateway peak RSS \((table.peakKilobytes ?? 0) / 1024) MB")
        print(table.render())
    }

    /// Accepts through two gateway instances over the same PostgreSQL: a wrk of half the
    /// connections against each, at once; payments per second in all.
    private func twoInstances(_ rig: BenchRig, _ script: String) throws -> LoadResult {
        try drain(rig)
        let (second, secondURL) = try rig.startSecondGateway(port: secondGatewayPort)
        defer { second.stop() }
        let label = "7/7 accept through two gateway instances"
        progress("\(label): \(connections / 2) connections each, \(duration) s")
        let half = max(connections / 2, threads)
        let runs = try [(rig.gatewayURL, "quo_one_"), (secondURL, "quo_two_")].map { url, prefix in
            try ChildProcess(
                wrk,
                [
                    "-t\(threads)", "-c\(half)", "-d\(duration)s", "--timeout", "10s", "-s", script, url, "--",
                    "payments", rig.appKey, prefix, "\(threads)",
                ], environment: rig.environment)
        }
        watch(label, seconds: duration, runs[0])
        let results = try runs.map { run in
            let (status, output) = run.finish()
            guard status == 0 else { throw BenchFailure("wrk failed (\(status)): \(output)") }
            return try LoadResult.wrk(output)
        }
        return LoadResult(
            requests: results.map(\.requests).reduce(0, +), seconds: results.map(\.seconds).max() ?? 1,
            failures: results.map(\.failures).reduce(0, +),
            p50Microseconds: results.compactMap(\.p50Microseconds).max(), p99Microseconds: results.compactMap(\.p99Microseconds).max(),
            p999Microseconds: results.compactMap(\.p999Microseconds).max())
    }

    /// Runs a phase and the CPU each process group used meanwhile, in cores.
    private func measured<T>(_ rig: BenchRig, _ phase: () throws -> T) throws -> (T, BenchTable.CPU) {
        let before = CPUSample.take(gateway: rig.gateway?.pid, sandbox: rig.sandbox?.pid)
        let result = try phase()
        let used = CPUSample.take(gateway: rig.gateway?.pid, sandbox: rig.sandbox?.pid).cores(since: before)
        return (result, BenchTable.CPU(gateway: used.gateway, postgres: used.postgres, sandbox: used.sandbox))
    }

    /// `mekong bench-open-loop`: requests at a fixed offered rate, latency from each one's due time.
    private func openLoop(_ label: String, _ rig: BenchRig, mode: String, rate: Int, prefix: String) throws -> LoadResult {
        progress("\(label), \(duration) s")
        let child = try ChildProcess(
            rig.binary,
            [
                "bench-open-loop", "--rate", "\(rate)", "--duration", "\(duration)", "--url", rig.gatewayURL,
                "--mode", mode, "--key", rig.appKey, "--prefix", prefix,
            ], environment: rig.environment)
        watch(label, seconds: duration, child)
        let (status, output) = child.finish()
        guard status == 0 else { throw BenchFailure("bench-open-loop failed (\(status)): \(output)") }
        return try LoadResult.wrk(output)
    }

    private func load(
        _ label: String, _ rig: BenchRig, _ arguments: [String], _ script: String,
        environment extra: [String: String] = [:]
    ) throws -> LoadResult {
        progress("\(label): \(connections) connections, \(duration) s")
        let child = try ChildProcess(
            wrk, ["-t\(threads)", "-c\(connections)", "-d\(duration)s", "--timeout", "10s", "-s", script, rig.gatewayURL, "--"] + arguments,
            environment: rig.environment.merging(extra) { $1 })
        watch(label, seconds: duration, child)
        let (status, output) = child.finish()
        guard status == 0 else { throw BenchFailure("wrk failed (\(status)): \(output)") }
        return try LoadResult.wrk(output)
    }

    /// pgbench running accept-payment.pgbench: the same statements as an accept, prepared, one
    /// payment a transaction; or, with `batch`, accept-batch.pgbench: the batched statements
    /// with `batch` payments a transaction.
    private func databaseLimit(_ rig: BenchRig, batch: Int? = nil) throws -> LoadResult {
        let label =
            batch.map { "2b/6 database: pgbench, the batched accept statements, \($0) payments each" }
            ?? "2/6 database: pgbench, the accept transaction's statements"
        let script = batch == nil ? "accept-payment.pgbench" : "accept-batch.pgbench"
        progress("\(label): \(databaseClients) clients, \(duration) s")
        // Its own client, quotes 1…N and constants shaped like a real accept (a 1.2 KB stored
        // answer, a 600-byte event payload); its rows are removed afterwards.
        let client = "cli_pgbench"
        try rig.sql(
            """
            INSERT INTO quotes (id, client_id, corridor_id, payment_type, source_minor, source_currency, fee_minor, destination_minor,
                destination_currency, reference_rate, customer_rate, snapshot_id, created_at, expires_at)
            SELECT g::text, '\(client)', 'KH-TH', 'P2P', 10000, 'USD', 100, 340787, 'THB', 342500000000, 340787500000, 'NBC@bench',
                now(), now() + interval '1 hour'
            FROM generate_series(1, \(20_000 * duration)) g
            """)
        let keyHash = try rig.sql("SELECT '\\x' || encode(secret_hash, 'hex') FROM api_keys WHERE client_id = '\(rig.clientID)'")
        let payload =
            #"{"created_at":"2026-11-22T10:00:00Z","data":{"beneficiary":{"account":"****7890","name":"Somchai Jaidee"},"corridor":"KH-TH","#
            + #""destination":{"amount":"3407.87","currency":"THB"},"payer":{"account":"****8901","name":"Sok Dara"},"payment_id":"pay_01JDXBENCH00000000000000000","#
            + #""previous_state":"INITIATED","reference":"pay_01JDXBENCH00000000000000000","sequence":2,"source":{"amount":"100.00","currency":"USD"},"#
            + #""state":"VALIDATED","timestamp":"2026-11-22T10:00:00Z"},"id":"evt_01JDXBENCH00000000000000000","type":"payment.state_changed"}"#
        let constants: [String: String] = [
            "seq": "0", "clients": "\(databaseClients)", "client": client, "key_hash": keyHash,
            "request_hash": "\\x" + String(repeating: "ab", count: 32), "status": "201",
            "body": "\\x" + String(repeating: "7b", count: 1200), "direction": "outbound", "corridor": "KH-TH", "type": "P2P",
            "flow": "cross_border", "state1": "INITIATED", "state2": "VALIDATED", "state3": "FX_PENDING",
            "event1": "created", "event2": "validation_passed", "event3": "rate_locked", "event_type": "payment.state_changed",
            "v1": "1", "v2": "2", "v3": "3", "source_minor": "10000", "source_currency": "USD", "fee_minor": "100",
            "destination_minor": "340787", "destination_currency": "THB", "reference_rate": "342500000000",
            "customer_rate": "340787500000", "snapshot": "NBC@bench", "payer_name": "Sok Dara", "payer_account": "012345678901",
            "beneficiary_name": "Somchai Jaidee", "beneficiary_account": "1234567890", "zero": "0", "no": "false",
            "at": "2026-11-22 10:00:00+07", "payload": payload, "batch": "\(batch ?? 1)",
        ]
        let child = try ChildProcess(
            pgbench,
            [
                "-n", "-M", "prepared", "-c", "\(databaseClients)", "-j", "\(threads)", "-T", "\(duration)",
                "-f", repository + "/Benchmarks/load/" + script,
            ]
                + constants.sorted { $0.key < $1.key }.flatMap { ["-D", "\($0.key)=\($0.value)"] } + [rig.databaseURL],
            environment: rig.environment)
        watch(label, seconds: duration, child)
        let (status, output) = child.finish()
        guard status == 0 else { throw BenchFailure("pgbench failed (\(status)): \(output)") }
        var result = try LoadResult.pgbench(output)
        // A transaction of the batched script stores `batch` payments.
        result.requests *= batch ?? 1
        try rig.sql(
            """
            DELETE FROM outbox_events WHERE client_id = '\(client)';
            DELETE FROM payment_history WHERE payment_id IN (SELECT id FROM payments WHERE client_id = '\(client)');
            DELETE FROM payments WHERE client_id = '\(client)';
            DELETE FROM idempotency_keys WHERE client_id = '\(client)';
            DELETE FROM sender_usage WHERE client_id = '\(client)';
            DELETE FROM quotes WHERE client_id = '\(client)'
            """)
        try rig.sql("VACUUM ANALYZE")
        return result
    }

    /// Payments at a fixed offered rate (open loop), then the time each took from create to
    /// CROSS_BORDER_SETTLED, read from the payments' own history.
    /// `--end-to-end-only`: the gateway, its quotes and phase 4, then where PostgreSQL's time went.
    private func endToEndAlone(_ rig: BenchRig, _ table: inout BenchTable) throws {
        try rig.start()
        table.readyMilliseconds = rig.readyMilliseconds
        let template = try rig.post("/v1/quotes", #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"100.00","currency":"USD"}}"#)
        guard let templateID = template["id"] as? String else { throw BenchFailure("no quote: \(template)") }
        try rig.copyQuote(templateID, prefix: "quo_e2e_", count: endToEndRate * duration)
        try rig.sql("ANALYZE")
        _ = try? rig.sql("SELECT pg_stat_statements_reset()")
        table.endToEnd = try endToEnd(rig, &table)
        if let top = try? rig.sql(
            """
            SELECT lpad(round(total_exec_time)::text, 6) || ' ms run ' || lpad(calls::text, 7) || ' calls  '
                || left(regexp_replace(query, '\\s+', ' ', 'g'), 100)
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12
            """)
        {
            progress("where PostgreSQL's time went during the end-to-end phase (pg_stat_statements):\n" + top)
        }
        print(table.render())
    }

    private func endToEnd(_ rig: BenchRig, _ table: inout BenchTable) throws -> EndToEndResult {
        let offered: LoadResult
        (offered, table.cpu["end-to-end"]) = try measured(rig) {
            try openLoop(
                "4/6 end to end on KH-TH, open loop: \(endToEndRate) payments/s offered", rig, mode: "payments",
                rate: endToEndRate, prefix: "quo_e2e_")
        }
        try drain(rig)
        let row = try rig.sql(
            """
            WITH e AS (
                SELECT p.created_at, h.at AS settled_at FROM payments p
                JOIN payment_history h ON h.payment_id = p.id AND h.to_state = 'CROSS_BORDER_SETTLED'
                WHERE p.quote_id LIKE 'quo_e2e_%')
            SELECT count(*), extract(epoch FROM max(settled_at) - min(created_at)),
                round(1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM settled_at - created_at))),
                round(1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM settled_at - created_at))),
                (SELECT count(*) FROM payments WHERE quote_id LIKE 'quo_e2e_%')
            FROM e
            """
        ).split(separator: "|").map(String.init)
        guard row.count == 5, let settled = Int(row[0]), let span = Decimal(string: row[1]) else {
            throw BenchFailure("no end-to-end figures: \(row)")
        }
        return EndToEndResult(
            offered: offered, created: Int(row[4]) ?? 0, settled: settled, spanSeconds: span,
            p50Milliseconds: Int(row[2]) ?? 0, p99Milliseconds: Int(row[3]) ?? 0)
    }

    /// Waits until every payment has reached a final state (the dispatcher works off what
    /// a phase left), so that the next phase starts on an idle gateway.
    private func drain(_ rig: BenchRig) throws {
        let started = Date()
        while true {
            let left = try rig.unfinishedPayments()
            if left == 0 { return }
            guard Date().timeIntervalSince(started) < 300 else { throw BenchFailure("\(left) payments still unfinished after 300 s") }
            progress("   waiting for \(left) payments to reach a final state…")
            Thread.sleep(forTimeInterval: 2)
        }
    }

    private func watch(_ label: String, seconds: Int, _ child: ChildProcess) {
        let started = Date()
        while child.isRunning {
            Thread.sleep(forTimeInterval: 0.25)
            let elapsed = Int(Date().timeIntervalSince(started))
            if elapsed > 0, elapsed % 5 == 0, child.isRunning {
                progress("   \(label.split(separator: ":").first ?? ""): \(elapsed) s of \(seconds)")
                Thread.sleep(forTimeInterval: 0.8)
            }
        }
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
    }
}
