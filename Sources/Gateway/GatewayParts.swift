import Logging
import MekongCore
import Store

/// What `buildApplication` makes once and the routes use: the database and its watch, the
/// corridors and rates, the repositories, and the workers the routes hand work to.
/// `buildRouter` registers every route on them.
struct GatewayParts {
    let setup: GatewaySetup
    let logger: Logger
    let clock: any WallClock
    let database: Database
    let databaseWatch: DatabaseWatch
    let catalog: CorridorCatalog
    let rates: RateBoard
    let controls: CorridorControlRepository
    let maintenanceWindows: MaintenanceRepository
    let rateSnapshots: RateSnapshotRepository
    let idempotency: IdempotencyRepository
    let quotes: QuoteRepository
    let payments: PaymentRepository
    let keys: APIKeyRepository
    let limiter: KeyRateLimiter
    let refunds: RefundRepository
    let refundProcessor: RefundProcessor
    let partnerExchanges: PartnerExchangeRepository
    let dispatcher: PaymentDispatcher
    let webhooks: WebhookRepository
    let guardrail: DestinationGuard
    let webhookDispatcher: WebhookDispatcher
    let charges: ChargeRepository
    let chargeTracker: ChargeTracker
    let screening: ScreeningBoard
    let sanctionsLists: SanctionsListRepository
    let liquidity: LiquidityRepository
}
