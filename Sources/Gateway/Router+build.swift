import Foundation
import Hummingbird
import Logging
import MekongCore
import Store
import Synchronization

/// Registers every route, with its middleware, on the gateway's parts: the router that
/// `buildApplication` serves, and that the in-process route tests drive. `tracing` adds the
/// request-tracing middleware (only when an OTLP endpoint is set).
func buildRouter(_ parts: GatewayParts, tracing: Bool) throws -> Router<GatewayContext> {
    let config = parts.setup.config
    let setup = parts.setup
    let (logger, clock, database, databaseWatch) = (parts.logger, parts.clock, parts.database, parts.databaseWatch)
    let (catalog, rates, controls, maintenanceWindows) = (parts.catalog, parts.rates, parts.controls, parts.maintenanceWindows)
    let (rateSnapshots, idempotency, quotes, payments) = (parts.rateSnapshots, parts.idempotency, parts.quotes, parts.payments)
    let (keys, limiter, refunds, refundProcessor) = (parts.keys, parts.limiter, parts.refunds, parts.refundProcessor)
    let (partnerExchanges, dispatcher, webhookRepository, guardrail) = (parts.partnerExchanges, parts.dispatcher, parts.webhooks, parts.guardrail)
    let (webhookDispatcher, chargeRepository, chargeTracker) = (parts.webhookDispatcher, parts.charges, parts.chargeTracker)
    let partyScreening = PartyScreening(board: parts.screening)
    let velocity = VelocityRepository(database: database, logger: logger)
    let allowance = SenderAllowance(velocity: velocity)
    let reviews = ScreeningReviewRepository(database: database, logger: logger)
    GatewayContext.bodyLimit.store(config.maxBodyBytes, ordering: .relaxed)
    let router = Router(context: GatewayContext.self)
    if tracing { router.add(middleware: RequestTracing()) }
    router.add(middleware: AccessLog())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: InFlightLimit(limit: config.maxInFlight))
    router.add(middleware: URLControlGuard())
    router.add(middleware: KHQRCrossOrigin(allowedOrigins: config.khqrCORSAllowedOrigins))
    router.add(middleware: DatabaseGuard(watch: databaseWatch))
    HealthController(watch: databaseWatch).register(on: router)
    OpenAPIController().register(on: router)
    let v1 = router.group("v1").add(middleware: AuthMiddleware(keys: keys, limiter: limiter))
    CorridorController(catalog: catalog, rates: rates, clock: clock).register(on: v1)
    QuoteController(
        desk: QuoteIssuer(catalog: catalog, rates: rates, quotes: quotes, ttl: config.quoteTTL, maintenance: .bakong, clock: clock),
        quotes: quotes, catalog: catalog
    ).register(on: v1)
    PaymentController(
        intake: PaymentIntake(
            catalog: catalog, payments: payments, idempotency: idempotency,
            dispatcher: dispatcher, acceptGrace: config.acceptGrace,
            maintenance: .bakong, clock: clock, screening: partyScreening, allowance: allowance, liquidity: parts.liquidity),
        payments: payments,
        dryRun: DryRun(catalog: catalog, rates: rates, maintenance: .bakong, clock: clock, allowance: allowance, liquidity: parts.liquidity),
        catalog: catalog, clock: clock
    ).register(on: v1)

    WebhookController(
        webhooks: webhookRepository, dispatcher: webhookDispatcher, guardrail: guardrail,
        rotationOverlap: config.webhookRotationOverlap, clock: clock
    ).register(on: v1)
    RefundController(desk: refundProcessor, refunds: refunds, payments: payments).register(on: v1)
    let admin = router.group("admin").add(middleware: AuthMiddleware(keys: keys, limiter: limiter))
    let audit = AuditRepository(database: database, logger: logger)
    AdminCorridorController(
        catalog: catalog, controls: controls, audit: audit, rates: rates,
        maintenance: .bakong, liquidity: parts.liquidity, clock: clock
    ).register(on: admin)
    AdminPaymentController(
        payments: payments, quotes: quotes, snapshots: rateSnapshots, exchanges: partnerExchanges,
        webhooks: webhookRepository, catalog: catalog
    ).register(on: admin)
    AdminDeliveryController(webhooks: webhookRepository, dispatcher: webhookDispatcher, audit: audit, clock: clock).register(on: admin)
    AdminKeyController(keys: keys, clock: clock).register(on: admin)
    let reconciliations = ReconciliationRepository(database: database, logger: logger)
    AdminReconciliationController(
        desk: ReconciliationRunner(
            runs: reconciliations, payments: payments, liquidity: parts.liquidity, catalog: catalog,
            toleranceMinor: config.reconciliationToleranceMinor, clock: clock, logger: logger),
        runs: reconciliations, clock: clock
    ).register(on: admin)
    AdminMaintenanceController(catalog: catalog, windows: maintenanceWindows, clock: clock).register(on: admin)
    AdminLiquidityController(
        catalog: catalog, liquidity: parts.liquidity, forecaster: LiquidityForecaster(liquidity: parts.liquidity, clock: clock), clock: clock
    ).register(on: admin)
    AdminComplianceController(
        lists: parts.sanctionsLists, board: parts.screening, reviews: reviews,
        desk: ScreeningReviewDesk(reviews: reviews, payments: payments, dispatcher: dispatcher, clock: clock), payments: payments,
        velocity: velocity,
        report: ComplianceReport(
            reports: ComplianceReportRepository(database: database, logger: logger), reviews: reviews,
            thresholds: ComplianceReport.thresholds(usd: config.reportThresholdUSD, khr: config.reportThresholdKHR)),
        clock: clock
    ).register(on: admin)
    AdminRateController(
        catalog: catalog, rates: rates, snapshots: rateSnapshots, largeMoveBasisPoints: config.largeMoveBasisPoints,
        clock: clock
    ).register(on: admin)
    MetricsController(
        catalog: catalog, rates: rates, bakong: .bakong,
        observability: ObservabilityRepository(database: database, logger: logger), clock: clock,
        poolSize: config.databasePoolSize, screening: parts.screening, reviews: reviews, liquidity: parts.liquidity
    )
    .register(on: router.group("metrics").add(middleware: AuthMiddleware(keys: keys, limiter: limiter)))
    let khqrAPI = router.group("api/v1").add(middleware: AuthMiddleware(keys: keys, limiter: limiter))
    ChargeController(
        desk: chargeTracker, charges: chargeRepository, clock: clock,
        publicBaseURL: config.khqrPublicBaseURL.isEmpty ? nil : config.khqrPublicBaseURL
    ).register(api: khqrAPI, router: router)
    MerchantController(
        charges: chargeRepository, keys: keys, webhooks: webhookRepository, dispatcher: webhookDispatcher, guardrail: guardrail,
        openRegistration: config.khqrOpenRegistration, clock: clock
    ).register(api: khqrAPI, router: router)
    let consoleAPI = ConsoleAPI()
    ConsoleController(
        desk: ConsoleBackend(
            api: consoleAPI, renderer: try ConsoleRenderer.load(), sessions: ConsoleSessionRepository(database: database, logger: logger),
            authenticator: KeyAuthenticator(keys: keys), audit: audit, clock: clock, secureCookie: config.consoleSecureCookie,
            sessionLifetime: TimeInterval(config.consoleSessionMinutes * 60),
            signInLimiter: KeyRateLimiter(perMinute: config.consoleSignInsPerMinute, burst: config.consoleSignInBurst))
    ).register(on: router)
    InboundController(
        intake: InboundIntake(
            catalog: catalog, rates: rates, payments: payments, dispatcher: dispatcher,
            maintenance: .bakong, clock: clock, secrets: setup.inboundSecrets,
            charges: chargeRepository, screening: partyScreening)
    ).register(on: router)

    consoleAPI.install(router.buildResponder())
    return router
}
