import Foundation
import MekongCore

/// One setting: its dotted path in the YAML file, its environment variable, and how to
/// apply a value to `GatewayConfig`.
struct ConfigKey: Sendable {
    enum Kind: Sendable { case string, int, bool, intList, stringList }

    let path: String
    let kind: Kind
    let apply: @Sendable (inout GatewayConfig, ConfigValue) throws(ConfigValueError) -> Void

    /// `server.port` → `MEKONG_SERVER_PORT`.
    var environmentName: String { "MEKONG_" + path.uppercased().replacingOccurrences(of: ".", with: "_") }

    static let all: [ConfigKey] = [
        ConfigKey(path: "server.host", kind: .string) { c, v throws(ConfigValueError) in c.host = try v.nonEmptyString() },
        ConfigKey(path: "server.port", kind: .int) { c, v throws(ConfigValueError) in c.port = try v.int(in: 0...65535) },
        ConfigKey(path: "server.max_body_bytes", kind: .int) { c, v throws(ConfigValueError) in c.maxBodyBytes = try v.int(in: 1024...(64 << 20)) },
        ConfigKey(path: "rate_limit.requests_per_second", kind: .int) { c, v throws(ConfigValueError) in
            c.rateLimitPerSecond = try v.int(in: 1...10_000_000)
        },
        ConfigKey(path: "rate_limit.burst", kind: .int) { c, v throws(ConfigValueError) in c.rateLimitBurst = try v.int(in: 1...10_000_000) },
        ConfigKey(path: "database.url", kind: .string) { c, v throws(ConfigValueError) in c.databaseURL = try v.string() },
        ConfigKey(path: "database.pool_size", kind: .int) { c, v throws(ConfigValueError) in c.databasePoolSize = try v.int(in: 1...500) },
        ConfigKey(path: "database.deadline_seconds", kind: .int) { c, v throws(ConfigValueError) in c.databaseDeadlineSeconds = try v.int(in: 1...600)
        },
        ConfigKey(path: "server.max_in_flight", kind: .int) { c, v throws(ConfigValueError) in c.maxInFlight = try v.int(in: 1...100_000) },
        ConfigKey(path: "database.batch_max", kind: .int) { c, v throws(ConfigValueError) in c.databaseBatchMax = try v.int(in: 1...1000) },
        ConfigKey(path: "database.batch_in_flight", kind: .int) { c, v throws(ConfigValueError) in c.databaseBatchInFlight = try v.int(in: 1...64) },
        ConfigKey(path: "database.auto_migrate", kind: .bool) { c, v throws(ConfigValueError) in c.autoMigrate = try v.bool() },
        ConfigKey(path: "paths.corridors", kind: .string) { c, v throws(ConfigValueError) in c.corridorsDirectory = try v.nonEmptyString() },
        ConfigKey(path: "paths.rates", kind: .string) { c, v throws(ConfigValueError) in c.ratesDirectory = try v.nonEmptyString() },
        ConfigKey(path: "fx.default_max_age_seconds", kind: .int) { c, v throws(ConfigValueError) in
            c.defaultMaxRateAge = TimeInterval(try v.int(in: 1...31_536_000))
        },
        ConfigKey(path: "fx.allow_sample_rates", kind: .bool) { c, v throws(ConfigValueError) in c.allowSampleRates = try v.bool() },
        ConfigKey(path: "fx.large_move_basis_points", kind: .int) { c, v throws(ConfigValueError) in
            c.largeMoveBasisPoints = try v.int(in: 1...10_000)
        },
        ConfigKey(path: "breaker.failure_threshold", kind: .int) { c, v throws(ConfigValueError) in
            c.breakerFailureThreshold = try v.int(in: 1...1000)
        },
        ConfigKey(path: "breaker.open_seconds", kind: .int) { c, v throws(ConfigValueError) in c.breakerOpenSeconds = try v.int(in: 1...3600) },
        ConfigKey(path: "console.secure_cookie", kind: .bool) { c, v throws(ConfigValueError) in c.consoleSecureCookie = try v.bool() },
        ConfigKey(path: "console.session_minutes", kind: .int) { c, v throws(ConfigValueError) in c.consoleSessionMinutes = try v.int(in: 1...10_080)
        },
        ConfigKey(path: "console.sign_in_burst", kind: .int) { c, v throws(ConfigValueError) in c.consoleSignInBurst = try v.int(in: 1...100_000) },
        ConfigKey(path: "console.sign_ins_per_minute", kind: .int) { c, v throws(ConfigValueError) in
            c.consoleSignInsPerMinute = try v.int(in: 1...100_000)
        },
        ConfigKey(path: "khqr.cors_allowed_origins", kind: .stringList) { c, v throws(ConfigValueError) in
            c.khqrCORSAllowedOrigins = try v.stringList()
            for origin in c.khqrCORSAllowedOrigins where origin != "*" {
                guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.path.isEmpty else {
                    throw ConfigValueError("'\(origin)' must be an origin such as https://shop.example.com (scheme, host and port only), or *")
                }
            }
        },
        ConfigKey(path: "khqr.open_registration", kind: .bool) { c, v throws(ConfigValueError) in c.khqrOpenRegistration = try v.bool() },
        ConfigKey(path: "khqr.charge_ttl_seconds", kind: .int) { c, v throws(ConfigValueError) in
            c.chargeTTL = TimeInterval(try v.int(in: 5...86_400))
        },
        ConfigKey(path: "khqr.poll_interval_ms", kind: .int) { c, v throws(ConfigValueError) in c.chargePollMilliseconds = try v.int(in: 50...600_000)
        },
        ConfigKey(path: "khqr.public_base_url", kind: .string) { c, v throws(ConfigValueError) in
            let url = try v.string()
            guard url.isEmpty || url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ConfigValueError("'\(url)' must be an http or https URL")
            }
            c.khqrPublicBaseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        },
        ConfigKey(path: "khqr.acquiring_bank", kind: .string) { c, v throws(ConfigValueError) in
            let bank = try v.nonEmptyString()
            guard bank.count <= 32, bank.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
                throw ConfigValueError("must be at most 32 printable ASCII characters")
            }
            c.khqrAcquiringBank = bank
        },
        ConfigKey(path: "reconciliation.tolerance_minor", kind: .int) { c, v throws(ConfigValueError) in
            c.reconciliationToleranceMinor = Int64(try v.int(in: 0...1_000_000))
        },
        ConfigKey(path: "bakong.base_url", kind: .string) { c, v throws(ConfigValueError) in
            let url = try v.nonEmptyString()
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ConfigValueError("'\(url)' must be an http or https URL") }
            c.bakongBaseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        },
        ConfigKey(path: "bakong.connect_timeout_ms", kind: .int) { c, v throws(ConfigValueError) in
            c.bakongConnectTimeoutMilliseconds = try v.int(in: 1...60_000)
        },
        ConfigKey(path: "bakong.total_timeout_ms", kind: .int) { c, v throws(ConfigValueError) in
            c.bakongTotalTimeoutMilliseconds = try v.int(in: 1...300_000)
        },
        ConfigKey(path: "webhooks.allow_loopback", kind: .bool) { c, v throws(ConfigValueError) in c.webhooksAllowLoopback = try v.bool() },
        ConfigKey(path: "webhooks.retry_delay_percent", kind: .int) { c, v throws(ConfigValueError) in c.webhookRetryPercent = try v.int(in: 1...100)
        },
        ConfigKey(path: "webhooks.rotation_overlap_seconds", kind: .int) { c, v throws(ConfigValueError) in
            c.webhookRotationOverlap = TimeInterval(try v.int(in: 0...2_592_000))
        },
        ConfigKey(path: "webhooks.workers", kind: .int) { c, v throws(ConfigValueError) in c.webhookWorkers = try v.int(in: 1...1000) },
        ConfigKey(path: "webhooks.poll_interval_ms", kind: .int) { c, v throws(ConfigValueError) in
            c.webhookPollMilliseconds = try v.int(in: 10...60_000)
        },
        ConfigKey(path: "ops.refresh_interval_ms", kind: .int) { c, v throws(ConfigValueError) in
            c.opsRefreshMilliseconds = try v.int(in: 10...60_000)
        },
        ConfigKey(path: "idempotency.retention_hours", kind: .int) { c, v throws(ConfigValueError) in
            c.idempotencyRetention = TimeInterval(try v.int(in: 1...720) * 3600)
        },
        ConfigKey(path: "idempotency.prune_interval_seconds", kind: .int) { c, v throws(ConfigValueError) in
            c.idempotencyPruneSeconds = try v.int(in: 1...3600)
        },
        ConfigKey(path: "quotes.ttl_seconds", kind: .int) { c, v throws(ConfigValueError) in c.quoteTTL = TimeInterval(try v.int(in: 1...86_400)) },
        ConfigKey(path: "dispatch.sweep_interval_ms", kind: .int) { c, v throws(ConfigValueError) in
            c.sweepIntervalMilliseconds = try v.int(in: 10...60_000)
        },
        ConfigKey(path: "dispatch.workers", kind: .int) { c, v throws(ConfigValueError) in c.dispatchWorkers = try v.int(in: 1...10_000) },
        ConfigKey(path: "dispatch.claim_batch", kind: .int) { c, v throws(ConfigValueError) in c.claimBatch = try v.int(in: 1...10_000) },
        ConfigKey(path: "dispatch.accept_grace_seconds", kind: .int) { c, v throws(ConfigValueError) in
            c.acceptGrace = TimeInterval(try v.int(in: 0...3600))
        },
        ConfigKey(path: "dispatch.inquiry_schedule_seconds", kind: .intList) { c, v throws(ConfigValueError) in
            c.inquirySchedule = try v.intList(each: 1...86_400).map(TimeInterval.init)
        },
        ConfigKey(path: "dispatch.max_dispatch_attempts", kind: .int) { c, v throws(ConfigValueError) in c.maxDispatchAttempts = try v.int(in: 1...10)
        },
        ConfigKey(path: "clock.start_at", kind: .string) { c, v throws(ConfigValueError) in
            let text = try v.string()
            guard !text.isEmpty else {
                c.clockStartAt = nil
                return
            }
            guard let date = RFC3339.date(from: text) else {
                throw ConfigValueError("'\(text)' must be an RFC 3339 time such as 2026-12-06T02:30:00+07:00")
            }
            c.clockStartAt = date
        },
        ConfigKey(path: "log.level", kind: .string) { c, v throws(ConfigValueError) in
            let level = try v.nonEmptyString()
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
                throw ConfigValueError("'\(level)' must be one of trace, debug, info, notice, warning, error, critical")
            }
            c.logLevel = level
        },
        ConfigKey(path: "log.format", kind: .string) { c, v throws(ConfigValueError) in
            let format = try v.nonEmptyString()
            guard ["text", "json"].contains(format) else { throw ConfigValueError("'\(format)' must be text or json") }
            c.logFormat = format
        },
        ConfigKey(path: "tracing.otlp_endpoint", kind: .string) { c, v throws(ConfigValueError) in
            let url = try v.string()
            guard url.isEmpty || url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ConfigValueError("'\(url)' must be empty (tracing off) or an http or https URL, such as http://collector:4318/v1/traces")
            }
            c.tracingOTLPEndpoint = url
        },
        ConfigKey(path: "tracing.service_name", kind: .string) { c, v throws(ConfigValueError) in c.tracingServiceName = try v.nonEmptyString() },
        ConfigKey(path: "tracing.sample_percent", kind: .int) { c, v throws(ConfigValueError) in c.tracingSamplePercent = try v.int(in: 0...100) },
        ConfigKey(path: "screening.lists_directory", kind: .string) { c, v throws(ConfigValueError) in c.sanctionsDirectory = try v.string() },
        ConfigKey(path: "screening.threshold_percent", kind: .int) { c, v throws(ConfigValueError) in
            c.screeningThresholdPercent = try v.int(in: 50...100)
        },
        ConfigKey(path: "screening.max_list_age_days", kind: .int) { c, v throws(ConfigValueError) in c.maxListAgeDays = try v.int(in: 1...3650) },
        ConfigKey(path: "compliance.report_threshold_usd", kind: .string) { c, v throws(ConfigValueError) in
            c.reportThresholdUSD = try Self.amount(v, .USD)
        },
        ConfigKey(path: "compliance.report_threshold_khr", kind: .string) { c, v throws(ConfigValueError) in
            c.reportThresholdKHR = try Self.amount(v, .KHR)
        },
    ]

    /// A positive amount in `currency`, as decimal text.
    static func amount(_ value: ConfigValue, _ currency: Currency) throws(ConfigValueError) -> String {
        let text = try value.nonEmptyString()
        guard let money = try? Money(parsing: text, currency: currency), money.minorUnits > 0 else {
            throw ConfigValueError("'\(text)' must be a positive \(currency.code) amount such as 10000.00")
        }
        return money.decimalString
    }
}

/// Why a config value was refused.
struct ConfigValueError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A raw value from YAML or from the environment (always text there).
enum ConfigValue {
    case text(String)
    case number(Int)
    case flag(Bool)
    case list([ConfigValue])

    func string() throws(ConfigValueError) -> String {
        switch self {
        case .text(let s): return s
        case .number(let n): return String(n)
        default: throw ConfigValueError("must be a string")
        }
    }

    func nonEmptyString() throws(ConfigValueError) -> String {
        let s = try string()
        guard !s.isEmpty else { throw ConfigValueError("must not be empty") }
        return s
    }

    func int(in range: ClosedRange<Int>) throws(ConfigValueError) -> Int {
        let value: Int
        switch self {
        case .number(let n): value = n
        case .text(let s):
            guard let n = Int(s) else { throw ConfigValueError("'\(s)' must be a whole number") }
            value = n
        default: throw ConfigValueError("must be a whole number")
        }
        guard range.contains(value) else { throw ConfigValueError("\(value) must be between \(range.lowerBound) and \(range.upperBound)") }
        return value
    }

    func bool() throws(ConfigValueError) -> Bool {
        switch self {
        case .flag(let b): return b
        case .text(let s) where ["true", "1", "yes"].contains(s.lowercased()): return true
        case .text(let s) where ["false", "0", "no"].contains(s.lowercased()): return false
        default: throw ConfigValueError("must be true or false")
        }
    }

    /// A list of strings (YAML list, or comma-separated in the environment); may be empty.
    func stringList() throws(ConfigValueError) -> [String] {
        switch self {
        case .list(let values):
            var out: [String] = []
            for value in values { out.append(try value.nonEmptyString()) }
            return out
        case .text(let s): return s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: throw ConfigValueError("must be a list of strings")
        }
    }

    func intList(each range: ClosedRange<Int>) throws(ConfigValueError) -> [Int] {
        let items: [ConfigValue]
        switch self {
        case .list(let values): items = values
        case .text(let s): items = s.split(separator: ",").map { .text($0.trimmingCharacters(in: .whitespaces)) }
        default: throw ConfigValueError("must be a list of whole numbers")
        }
        guard !items.isEmpty else { throw ConfigValueError("must list at least one value") }
        var out: [Int] = []
        for item in items { out.append(try item.int(in: range)) }
        return out
    }
}
