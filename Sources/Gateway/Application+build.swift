import Corridors
import FX
import Foundation
public import Hummingbird
public import Logging
public import MekongCore
import PostgresNIO
import ServiceLifecycle
public import Store
import Synchronization

/// Everything the gateway loads before it serves: validated specs and snapshots.
/// Building it is the fail-fast step; nothing else starts if it throws.
public struct GatewaySetup: Sendable {
    public let config: GatewayConfig
    public let specs: [CorridorSpec]
    public let snapshots: [RateSnapshot]
    /// Inbound corridors' signing secrets, resolved from their references.
    public let inboundSecrets: [String: Secret]
    /// OAuth2 client secrets of corridors whose partners use OAuth2.
    public let clientSecrets: [String: Secret]
    /// The keys that seal webhook signing secrets at rest (`MEKONG_SECRET_KEYS`).
    public let secretKeys: SecretKeyring
    /// What start-up should say but need not stop for.
    public var warnings: [String] = []
    /// Sanctions lists loaded from `screening.lists_directory`.
    var sanctionsLists: [ListInForce] = []

    /// - Throws: `ConfigurationError` naming the file, field and reason of the first fault.
    public static func load(config: GatewayConfig, environment: [String: String], now: Date = Date()) throws(ConfigurationError) -> GatewaySetup {
        let specs = try CorridorSpecFile.loadAll(directory: config.corridorsDirectory, environment: environment)
        let snapshots = try RateBoard.load(directory: config.ratesDirectory, allowSample: config.allowSampleRates, now: now)
        // A provider with no file may have snapshots treasury approved (read from PostgreSQL once
        // serving); if it has none at all, its corridors' quotes get 3003 until one is approved.
        var warnings: [String] = []
        for spec in specs {
            guard let provider = spec.fxProvider, spec.status != .planned, !snapshots.contains(where: { $0.provider == provider }) else { continue }
            warnings.append(
                "\(config.ratesDirectory) has no snapshot for \(provider), the FX provider of \(spec.id): its quotes get 3003 unless treasury has approved one"
            )
        }
        // A corridor in service is reconciled: its partner must have a settlement-file format, in
        // the currency the spec settles in.
        for spec in specs where spec.status != .planned {
            guard let reader = SettlementFileReader(spec: spec) else {
                throw ConfigurationError(
                    file: config.corridorsDirectory, field: "\(spec.id).partner.system",
                    reason: "\(spec.partnerSystem) has no settlement-file format, so \(spec.id) cannot be reconciled")
            }
            guard reader.currency == spec.settlementCurrency else {
                throw ConfigurationError(
                    file: config.corridorsDirectory, field: "\(spec.id).currencies.settlement",
                    reason: "is \(spec.settlementCurrency.code), but \(spec.partnerSystem)'s settlement file is in \(reader.currency.code)")
            }
        }
        guard !config.databaseURL.isEmpty else {
            throw ConfigurationError(file: "environment", field: "DATABASE_URL", reason: "is not set (nor database.url, nor MEKONG_DATABASE_URL)")
        }
        var secrets: [String: Secret] = [:]
        for spec in specs {
            guard let reference = spec.inboundSecretReference else { continue }
            guard let secret = SecretReference(reference)?.resolve(environment: environment) else {
                throw ConfigurationError(
                    file: config.corridorsDirectory, field: "\(spec.id).inbound.signing_secret",
                    reason: "\(reference) is not set: inbound credits cannot be authenticated")
            }
            secrets[spec.id] = secret
        }
        var clientSecrets: [String: Secret] = [:]
        for spec in specs {
            guard let reference = spec.endpoint?.oauthClientSecretReference else { continue }
            guard let secret = SecretReference(reference)?.resolve(environment: environment) else {
                throw ConfigurationError(
                    file: config.corridorsDirectory, field: "\(spec.id).endpoint.oauth2.client_secret",
                    reason: "\(reference) is not set: the partner's OAuth2 token cannot be fetched")
            }
            clientSecrets[spec.id] = secret
        }
        let secretKeys: SecretKeyring
        do { secretKeys = try SecretKeyring(parsing: environment["MEKONG_SECRET_KEYS"] ?? "") } catch {
            throw ConfigurationError(
                file: "environment", field: "MEKONG_SECRET_KEYS",
                reason:
                    "\(error.description): webhook signing secrets are kept sealed with these keys (\"id:<base64 of 32 bytes>\", the first seals; scripts/run makes one)"
            )
        }
        var setup = GatewaySetup(
            config: config, specs: specs, snapshots: snapshots, inboundSecrets: secrets, clientSecrets: clientSecrets,
            secretKeys: secretKeys)
        setup.warnings = warnings
        setup.sanctionsLists = try ScreeningBoard.loadFiles(directory: config.sanctionsDirectory, now: now)
        return setup
    }
}

/// Wires the gateway: PostgreSQL client, libcurl transport, corridor adapters, rate book,
/// routes and background workers. `mekong serve` and the tests call this same builder.
public func buildApplication(setup: GatewaySetup, logger: Logger) throws -> some ApplicationProtocol {
    let config = setup.config
    let clock = config.makeClock()
    for warning in setup.warnings { logger.warning("\(warning)") }
    if let start = config.clockStartAt {
        logger.warning("clock.start_at is set: the gateway's clock started at \(RFC3339.string(from: start)); for tests and demos only")
    }
    var postgresConfig = try DatabaseURL.configuration(from: config.databaseURL)
    postgresConfig.options.maximumConnections = config.databasePoolSize
    postgresConfig.options.connectTimeout = .seconds(5)
    let client = PostgresClient(configuration: postgresConfig, backgroundLogger: logger)
    let databaseWatch = DatabaseWatch(
        database: client, configuration: try DatabaseURL.connectionConfiguration(from: config.databaseURL),
        logger: logger)
    let database = Database(
        client: client, deadline: .seconds(config.databaseDeadlineSeconds),
        isKnownDown: { !databaseWatch.isReachable },
        batching: BatchSettings(maxBatch: config.databaseBatchMax, maxInFlight: config.databaseBatchInFlight))

    let transport = HTTPTransport()
    let board = CorridorControlBoard()
    let breakers = CorridorBreakers(
        failureThreshold: config.breakerFailureThreshold, openDuration: TimeInterval(config.breakerOpenSeconds),
        logger: logger)
    let catalog = CorridorCatalog(
        specs: setup.specs, transport: transport, logger: logger, clientSecrets: setup.clientSecrets,
        board: board, breakers: breakers)
    let controls = CorridorControlRepository(database: database, logger: logger)
    let maintenanceWindows = MaintenanceRepository(database: database, logger: logger)
    let rates = RateBoard(book: RateBook(snapshots: setup.snapshots, maxAge: config.maxRateAge, defaultMaxAge: config.defaultMaxRateAge))
    let rateSnapshots = RateSnapshotRepository(database: database, logger: logger)
    let corridorIDs = setup.specs.map(\.id)
    let seeded = Atomic<Bool>(false)
    let idempotency = IdempotencyRepository(database: database, logger: logger)
    let lastForgetting = Atomic<Int64>(0)
    let screening = ScreeningBoard(
        files: setup.sanctionsLists, threshold: Double(config.screeningThresholdPercent) / 100,
        maxAge: TimeInterval(config.maxListAgeDays) * 86_400)
    let sanctionsLists = SanctionsListRepository(database: database, logger: logger)
    let liquidity = LiquidityRepository(database: database, logger: logger)
    let prefunded = setup.specs.compactMap { spec in
        spec.liquidity.map {
            (id: spec.id, currency: spec.settlementCurrency.code, openingMinor: $0.openingBalance.minorUnits, inboundCredits: $0.inboundCredits)
        }
    }
    let refresher = LiveStateRefresher(
        steps: [
            .init(name: "corridor controls") {
                if !seeded.load(ordering: .relaxed) {
                    try await controls.seed(corridorIDs)
                    seeded.store(true, ordering: .relaxed)
                }
                let updates = board.updates
                var current = try await controls.all()
                // A closure that ran until a time now past is lifted, and audited as the system's.
                let now = clock.now()
                if current.contains(where: { $0.isDueToReopen(at: now) }) {
                    for corridor in try await controls.reopenDue(among: current, now: now) {
                        logger.info("corridor reopened automatically", metadata: ["corridor": "\(corridor)"])
                    }
                    current = try await controls.all()
                }
                board.replace(current, updatesBefore: updates)
            },
            .init(name: "maintenance windows") {
                let updates = board.windowUpdates
                board.replaceWindows(try await maintenanceWindows.upcoming(after: clock.now()), updatesBefore: updates)
            },
            .init(name: "rate snapshots") {
                let now = clock.now()
                let additions = rates.additions
                rates.replaceApproved(try await rateSnapshots.pricingSet(now: now).map(RateBoard.snapshot), now: now, additionsBefore: additions)
            },
            .init(name: "sanctions lists") { try await screening.refresh(from: sanctionsLists, logger: logger) },
            .init(name: "liquidity levels") { try await LiquidityWatch(liquidity: liquidity, catalog: catalog, clock: clock).check() },
            .init(name: "expired idempotency keys") {
                // Every idempotency.prune_interval_seconds: keys older than idempotency.retention_hours are forgotten.
                let slot = Int64(clock.now().timeIntervalSince1970) / Int64(config.idempotencyPruneSeconds)
                guard lastForgetting.exchange(slot, ordering: .relaxed) != slot else { return }
                let forgotten = try await idempotency.forget(olderThan: config.idempotencyRetention)
                if forgotten > 0 { logger.info("idempotency keys forgotten", metadata: ["count": "\(forgotten)"]) }
            },
        ], interval: .milliseconds(config.opsRefreshMilliseconds), logger: logger)
    let quotes = QuoteRepository(database: database, logger: logger)
    let payments = PaymentRepository(database: database, logger: logger)
    let keys = APIKeyRepository(database: database, logger: logger)
    let limiter = KeyRateLimiter(ratePerSecond: config.rateLimitPerSecond, burst: config.rateLimitBurst)
    let refunds = RefundRepository(database: database, logger: logger)
    let refundProcessor = RefundProcessor(
        catalog: catalog, refunds: refunds, clock: clock, logger: logger,
        inquirySchedule: config.inquirySchedule, maxAttempts: config.maxDispatchAttempts,
        lease: PaymentDispatcher.lease(for: catalog))
    let partnerExchanges = PartnerExchangeRepository(database: database, logger: logger)
    let dispatcher = PaymentDispatcher(
        payments: payments, catalog: catalog, clock: clock, logger: logger,
        sweepInterval: .milliseconds(config.sweepIntervalMilliseconds), claimBatch: config.claimBatch, workers: config.dispatchWorkers,
        inquirySchedule: config.inquirySchedule, maxDispatchAttempts: config.maxDispatchAttempts,
        maintenance: .bakong, cycles: SettlementCycleRepository(database: database, logger: logger),
        bakong: BakongAdapter(
            endpoint: PartnerEndpoint(
                baseURL: config.bakongBaseURL,
                connectTimeoutMilliseconds: config.bakongConnectTimeoutMilliseconds,
                totalTimeoutMilliseconds: config.bakongTotalTimeoutMilliseconds,
                maxRequestsPerSecond: 1000),
            transport: transport, logger: logger),
        refunds: refundProcessor,
        exchanges: partnerExchanges
    )

    let webhookRepository = WebhookRepository(database: database, logger: logger, keyring: setup.secretKeys)
    let guardrail = DestinationGuard(allowLoopback: config.webhooksAllowLoopback)
    let webhookDispatcher = WebhookDispatcher(
        webhooks: webhookRepository, sender: WebhookSender(transport: transport, guardrail: guardrail, clock: clock), clock: clock,
        logger: logger, pollInterval: .milliseconds(config.webhookPollMilliseconds), workers: config.webhookWorkers,
        retryPercent: config.webhookRetryPercent)
    let chargeRepository = ChargeRepository(database: database, logger: logger)
    let chargeTracker = ChargeTracker(
        charges: chargeRepository, payments: payments,
        bakong: BakongTransactions(
            baseURL: config.bakongBaseURL, transport: transport,
            timeoutMilliseconds: config.bakongTotalTimeoutMilliseconds),
        clock: clock, logger: logger, lifetime: config.chargeTTL, acquiringBank: config.khqrAcquiringBank)

    _ = MetricsRegistry.shared  // swift-metrics' one backend, bootstrapped before any metric is made
    // Tracing only when an OTLP endpoint is set: otherwise no tracer, no middleware, no cost.
    let traceExport = try TraceExport.start(
        endpoint: config.tracingOTLPEndpoint, serviceName: config.tracingServiceName,
        samplePercent: config.tracingSamplePercent, logger: logger)
    let router = try buildRouter(
        GatewayParts(
            setup: setup, logger: logger, clock: clock, database: database, databaseWatch: databaseWatch, catalog: catalog, rates: rates,
            controls: controls, maintenanceWindows: maintenanceWindows, rateSnapshots: rateSnapshots, idempotency: idempotency,
            quotes: quotes, payments: payments, keys: keys, limiter: limiter, refunds: refunds, refundProcessor: refundProcessor,
            partnerExchanges: partnerExchanges, dispatcher: dispatcher, webhooks: webhookRepository, guardrail: guardrail,
            webhookDispatcher: webhookDispatcher, charges: chargeRepository, chargeTracker: chargeTracker, screening: screening,
            sanctionsLists: sanctionsLists, liquidity: liquidity),
        tracing: traceExport != nil)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "mekong"),
        // The trace exporter first, so that it stops last and sends the spans of the shutdown.
        services: (traceExport.map { [$0] } ?? []) + [
            client, databaseWatch, refresher, dispatcher, webhookDispatcher,
            ChargeTracker.Watcher(desk: chargeTracker, interval: .milliseconds(config.chargePollMilliseconds)),
        ],
        logger: logger
    )
    let autoMigrate = config.autoMigrate
    app.beforeServerStarts {
        if autoMigrate {
            let applied = try await StartupWait.untilDatabaseAnswers(logger: logger) { try await Migrator(client: client, logger: logger).migrate() }
            if !applied.isEmpty { logger.info("migrations applied", metadata: ["versions": "\(applied)"]) }
        }
        // Each prefunded corridor's position, created once with the spec's opening balance,
        // before any payment can be handed off against it.
        try await StartupWait.untilDatabaseAnswers(logger: logger) { try await liquidity.seed(prefunded, at: clock.now()) }
        let sealed = try await StartupWait.untilDatabaseAnswers(logger: logger) { try await webhookRepository.sealAtRest() }
        if sealed > 0 {
            logger.info(
                "webhook secrets sealed under the current key", metadata: ["subscriptions": "\(sealed)", "key": "\(setup.secretKeys.currentID)"])
        }
        logger.info("mekong ready", metadata: ["corridors": "\(catalog.entries.map(\.spec.id))", "address": "\(config.host):\(config.port)"])
    }
    return app
}
