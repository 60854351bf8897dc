public import Foundation
public import MekongCore
import Store

/// The gateway's own settings, from `config/mekong.yaml`, each overridable by an
/// environment variable `MEKONG_<SECTION>_<KEY>` (see `ConfigKey.all` and the README).
public struct GatewayConfig: Sendable {
    /// `server.host` (String, default 127.0.0.1)
    public var host = "127.0.0.1"
    /// `server.port` (Int, default 8080)
    public var port = 8080
    /// `server.max_body_bytes` (Int, default 65536): larger bodies get 413.
    public var maxBodyBytes = 65_536
    /// `rate_limit.requests_per_second` (Int, default 100): each API key's sustained rate on
    /// this instance (a token bucket); past it, 429 with Retry-After.
    public var rateLimitPerSecond = 100
    /// `rate_limit.burst` (Int, default 200): requests a key may send at once.
    public var rateLimitBurst = 200
    /// `database.url` (String, default from `DATABASE_URL`): `postgres://…`.
    public var databaseURL = ""
    /// `database.pool_size` (Int, default 20)
    public var databasePoolSize = 20
    /// `database.deadline_seconds` (Int, default 15): the longest one database call (a
    /// statement or a transaction, with its wait for a connection) may take; past it the call
    /// is abandoned and its caller gets 503 (4002). See `Database`.
    public var databaseDeadlineSeconds = 15
    /// `server.max_in_flight` (Int, default 512): requests served at once; the next gets 429
    /// (1004) with Retry-After at once (`InFlightLimit`).
    public var maxInFlight = 512
    /// `database.batch_max` (Int, default 128): the most calls one batched statement carries.
    public var databaseBatchMax = BatchSettings.standard.maxBatch
    /// `database.batch_in_flight` (Int, default 2): batched statements of one kind running at
    /// once; a call that finds fewer running starts one at once.
    public var databaseBatchInFlight = BatchSettings.standard.maxInFlight
    /// `database.auto_migrate` (Bool, default true): run migrations at start-up.
    public var autoMigrate = true
    /// `paths.corridors` (String, default corridors)
    public var corridorsDirectory = "corridors"
    /// `paths.rates` (String, default rates)
    public var ratesDirectory = "rates"
    /// `fx.default_max_age_seconds` (Int, default 86400)
    public var defaultMaxRateAge: TimeInterval = 86_400
    /// `fx.max_age_seconds.<PROVIDER>` (Int): per-provider maximum snapshot age.
    public var maxRateAge: [String: TimeInterval] = [:]
    /// `fx.allow_sample_rates` (Bool, default false): accept snapshots marked `sample: true`,
    /// re-stamped as effective at start-up. For development only.
    public var allowSampleRates = false
    /// `fx.large_move_basis_points` (Int, default 200 = 2 %): a rate moving more than this
    /// against the snapshot in force is flagged in the snapshot's diff.
    public var largeMoveBasisPoints = 200
    /// `breaker.failure_threshold` (Int, default 5): consecutive partner failures that suspend a corridor.
    public var breakerFailureThreshold = 5
    /// `breaker.open_seconds` (Int, default 30): how long a suspended corridor waits before its half-open probe.
    public var breakerOpenSeconds = 30
    /// `khqr.open_registration` (Bool, default false): let anyone register a merchant (and get
    /// a key) with `POST /api/v1/merchant/register`, as the reference KHQR gateway does.
    public var khqrOpenRegistration = false
    /// Origins whose web pages may call `/api/v1/…` from a browser (CORS); `*` for any.
    public var khqrCORSAllowedOrigins: [String] = []
    /// `console.secure_cookie` (Bool, default true): the console's session cookie carries
    /// `Secure`, so browsers send it over HTTPS only. Off only for plain-http development.
    public var consoleSecureCookie = true
    /// `console.session_minutes` (Int, default 480): how long a console sign-in lasts.
    public var consoleSessionMinutes = 480
    /// `console.sign_in_burst` (Int, default 10): console sign-in attempts one source address
    /// may make at once on an instance; then `console.sign_ins_per_minute`.
    public var consoleSignInBurst = 10
    /// `console.sign_ins_per_minute` (Int, default 60): the sustained rate of console sign-in
    /// attempts per source address, once its burst is spent.
    public var consoleSignInsPerMinute = 60
    /// `khqr.charge_ttl_seconds` (Int, default 900): how long a charge's code can be paid.
    public var chargeTTL: TimeInterval = 900
    /// `khqr.poll_interval_ms` (Int, default 2000): how often pending charges are looked up at Bakong.
    public var chargePollMilliseconds = 2000
    /// `khqr.public_base_url` (String, default empty = from the request's Host): the base of `qr_image` URLs.
    public var khqrPublicBaseURL = ""
    /// `khqr.acquiring_bank` (String, default "Mekong"): sub-tag 02 of the codes' merchant template.
    public var khqrAcquiringBank = "Mekong"
    /// `reconciliation.tolerance_minor` (Int, default 1): how far a settled amount may be from
    /// Mekong's, in minor units of the partner's currency, before it is an amount mismatch (FX rounding).
    public var reconciliationToleranceMinor: Int64 = 1
    /// `bakong.base_url` (String, default http://127.0.0.1:8090/bakong): the participating bank's
    /// Bakong Open API, which credits Cambodian payees of inbound payments.
    public var bakongBaseURL = "http://127.0.0.1:8090/bakong"
    /// `bakong.connect_timeout_ms` (Int, default 2000)
    public var bakongConnectTimeoutMilliseconds = 2000
    /// `bakong.total_timeout_ms` (Int, default 30000)
    public var bakongTotalTimeoutMilliseconds = 30_000
    /// `webhooks.allow_loopback` (Bool, default false): development only — accept http and
    /// loopback webhook URLs (never private or metadata addresses).
    public var webhooksAllowLoopback = false
    /// `webhooks.retry_delay_percent` (Int, default 100): scales the retry schedule (tests shorten it).
    public var webhookRetryPercent = 100
    /// `webhooks.rotation_overlap_seconds` (Int, default 86400): how long the old secret keeps signing.
    public var webhookRotationOverlap: TimeInterval = 86_400
    /// `webhooks.workers` (Int, default 32): deliveries one instance sends at once.
    public var webhookWorkers = 32
    /// `webhooks.poll_interval_ms` (Int, default 200)
    public var webhookPollMilliseconds = 200
    /// `ops.refresh_interval_ms` (Int, default 1000): how soon every instance sees a corridor
    /// toggled on another (hand-offs check the database itself and never lag).
    public var opsRefreshMilliseconds = 1000
    /// `quotes.ttl_seconds` (Int, default 300)
    public var quoteTTL: TimeInterval = 300
    /// How long an Idempotency-Key is remembered (Stripe's 24 hours); after that it is
    /// forgotten within a minute and the same key makes a new request.
    public var idempotencyRetention: TimeInterval = 86_400
    /// How often each instance forgets expired keys.
    public var idempotencyPruneSeconds = 60
    /// `dispatch.sweep_interval_ms` (Int, default 500)
    public var sweepIntervalMilliseconds = 500
    /// `dispatch.workers` (Int, default 64): payment steps (partner calls) one instance runs at
    /// once, new payments and the sweeper's together (`DispatchSlots`).
    public var dispatchWorkers = 64
    /// `dispatch.claim_batch` (Int, default 100)
    public var claimBatch = 100
    /// `dispatch.accept_grace_seconds` (Int, default 5): how long a new payment is left to the
    /// in-process dispatcher before the sweeper takes it.
    public var acceptGrace: TimeInterval = 5
    /// `dispatch.inquiry_schedule_seconds` ([Int], default 1,2,5,10,30,60,120,300): delays
    /// between status inquiries; when exhausted the payment is flagged for review.
    public var inquirySchedule: [TimeInterval] = [1, 2, 5, 10, 30, 60, 120, 300]
    /// `dispatch.max_dispatch_attempts` (Int, default 3): sends of one payment after the
    /// partner confirmed it never received the earlier ones.
    public var maxDispatchAttempts = 3
    /// `clock.start_at` (RFC 3339, default empty = real time): start the gateway's clock at
    /// this instant and let it run from there. For tests and demos only.
    public var clockStartAt: Date?
    /// `log.level` (String, default info)
    public var logLevel = "info"
    /// `text` (swift-log's stream format) or `json` (one JSON object per line, `JSONLogHandler`).
    public var logFormat = "text"
    /// `tracing.otlp_endpoint` (default empty = tracing off): where spans go over OTLP/HTTP
    /// (protobuf), the whole URL, e.g. `http://collector:4318/v1/traces`.
    public var tracingOTLPEndpoint = ""
    /// `tracing.service_name` (default mekong): the `service.name` resource attribute of every span.
    public var tracingServiceName = "mekong"
    /// `tracing.sample_percent` (default 100): the share of new traces kept; a caller's
    /// `traceparent` decides for its own trace (parent-based sampling).
    public var tracingSamplePercent = 100
    /// `screening.lists_directory` (String, default empty = none): sanctions lists loaded at
    /// start-up and in force until an approved import of the same name replaces them (`*.xml`
    /// UN, `*sdn*.csv` with `*alt*.csv` OFAC, other `*.csv` local). The development default
    /// loads the samples in `sanctions/`.
    public var sanctionsDirectory = ""
    /// `screening.threshold_percent` (Int, default 90): a score at or above it is a possible match.
    public var screeningThresholdPercent = 90
    /// `screening.max_list_age_days` (Int, default 30): a list older than this (from its
    /// publication date) is flagged on the board and in metrics.
    public var maxListAgeDays = 30
    /// `compliance.report_threshold_usd` (default 10000.00): the daily report lists payments
    /// at or over it (the FIU's cash-transaction threshold).
    public var reportThresholdUSD = "10000.00"
    /// `compliance.report_threshold_khr` (default 41000000.00): the same threshold for KHR
    /// payments (USD 10,000 at KHR 4,100).
    public var reportThresholdKHR = "41000000.00"

    public init() {}

    /// The clock the gateway runs on: real time, or `clock.start_at` and onwards.
    public func makeClock() -> any WallClock {
        clockStartAt.map { OffsetWallClock(startingAt: $0) } ?? SystemWallClock()
    }
}
