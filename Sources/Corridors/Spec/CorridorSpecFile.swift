import Foundation
public import MekongCore
import Yams

/// Reads and validates one corridor spec from `corridors/*.yaml`.
///
/// Every field is checked; the first fault throws a `ConfigurationError` naming the
/// file, the field and the reason. See `docs/CORRIDORS.md` for the format.
public enum CorridorSpecFile {
    struct Raw: Decodable {
        struct Partner: Decodable {
            let system: String?
            let `operator`: String?
            let country: String?
        }
        struct Currencies: Decodable {
            let source: [String]?
            let partner: String?
            let settlement: String?
        }
        struct Settlement: Decodable {
            let model: String?
            let cycle_minutes: Int?
            let cycle_seconds: Int?
            let off_hours: String?
        }
        struct Window: Decodable {
            let days: [String]?
            let open: String?
            let close: String?
        }
        struct Hours: Decodable {
            let time_zone: String?
            let always_open: Bool?
            let windows: [Window]?
        }
        struct Fee: Decodable {
            let fixed: [String: String]?
            let percent_bps: Int?
        }
        /// `limits`: per payment type (`P2P: "50000.00"`), and `velocity` per type and period.
        struct Limits: Decodable {
            var perPayment: [String: String] = [:]
            var velocity: [String: [String: String]]?

            struct Key: CodingKey {
                let stringValue: String
                init(stringValue: String) { self.stringValue = stringValue }
                var intValue: Int? { nil }
                init?(intValue: Int) { nil }
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Key.self)
                for key in container.allKeys {
                    if key.stringValue == "velocity" {
                        velocity = try container.decode([String: [String: String]].self, forKey: key)
                    } else {
                        perPayment[key.stringValue] = try container.decode(String.self, forKey: key)
                    }
                }
            }
        }
        struct Pricing: Decodable {
            let spread_bps: Int?
            let fees: [String: Fee]?
        }
        struct Endpoint: Decodable {
            let base_url: String?
            let connect_timeout_ms: Int?
            let total_timeout_ms: Int?
            let max_requests_per_second: Int?
            let tls: TLS?
            let oauth2: OAuth2?
        }
        struct TLS: Decodable {
            let client_certificate: String?
            let client_key: String?
            let ca: String?
        }
        struct OAuth2: Decodable {
            let token_url: String?
            let client_id: String?
            let client_secret: String?
        }

        let id: String?
        let name: String?
        let partner: Partner?
        let status: String?
        let direction: String?
        let currencies: Currencies?
        let settlement: Settlement?
        let hours: Hours?
        let limits: Limits?
        let fx_provider: String?
        let pricing: Pricing?
        let endpoint: Endpoint?
        let test_endpoint: TestEndpoint?
        struct TestEndpoint: Decodable { let base_url: String? }
        let unavailable_reason: String?
        let inbound: Inbound?
        struct Inbound: Decodable { let signing_secret: String? }
        let refunds: Refunds?
        let operations: Operations?
        let liquidity: Liquidity?
        struct Liquidity: Decodable {
            let on_shortfall: String?
            let low_water: String?
            let critical: String?
            let opening_balance: String?
            let inbound: String?
        }
        struct Operations: Decodable { let in_flight_on_disable: String? }
        struct Refunds: Decodable { let allowed: Bool? }
    }

    /// Loads every `*.yaml` spec in a folder, sorted by file name.
    /// - Parameter environment: `MEKONG_CORRIDOR_<ID>_BASE_URL` overrides a spec's base URL.
    /// - Throws: `ConfigurationError` for the first bad file, or a duplicate id.
    public static func loadAll(directory: String, environment: [String: String]) throws(ConfigurationError) -> [CorridorSpec] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ConfigurationError(file: directory, field: "(folder)", reason: "cannot be read: \(error.localizedDescription)")
        }
        var specs: [CorridorSpec] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (directory as NSString).appendingPathComponent(name)
            let spec = try load(path: path, environment: environment)
            if specs.contains(where: { $0.id == spec.id }) {
                throw ConfigurationError(file: path, field: "id", reason: "'\(spec.id)' is already defined by another spec")
            }
            specs.append(spec)
        }
        guard !specs.isEmpty else {
            throw ConfigurationError(file: directory, field: "(folder)", reason: "holds no corridor spec (*.yaml)")
        }
        return try withPilots(specs, directory: directory, environment: environment)
    }

    /// The environment variable that turns pilots on: corridor ids, comma-separated.
    public static let pilotsVariable = "MEKONG_CORRIDOR_PILOTS"

    /// `specs` with each pilot that `MEKONG_CORRIDOR_PILOTS` names (e.g. `KH-LA`) loaded from
    /// `pilots/<id>.yaml` in place of the published spec. Off by default: a pilot's figures are
    /// the sandbox's, not the corridor table's.
    static func withPilots(_ specs: [CorridorSpec], directory: String, environment: [String: String]) throws(ConfigurationError) -> [CorridorSpec] {
        let named = (environment[pilotsVariable] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var specs = specs
        for id in named {
            let path = (directory as NSString).appendingPathComponent("pilots/\(id.lowercased()).yaml")
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigurationError(file: path, field: pilotsVariable, reason: "names \(id), which has no pilot spec")
            }
            let pilot = try load(path: path, environment: environment)
            guard pilot.id == id else {
                throw ConfigurationError(file: path, field: "id", reason: "is \(pilot.id), not the pilot \(id) it is named for")
            }
            specs.removeAll { $0.id == id }
            specs.append(pilot)
        }
        return specs.sorted { $0.id < $1.id }
    }

    public static func load(path: String, environment: [String: String]) throws(ConfigurationError) -> CorridorSpec {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(file: path, field: "(file)", reason: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: path, environment: environment)
    }

    public static func parse(_ text: String, file: String, environment: [String: String] = [:]) throws(ConfigurationError) -> CorridorSpec {
        func fail(_ field: String, _ reason: String) -> ConfigurationError {
            ConfigurationError(file: file, field: field, reason: reason)
        }
        func required<T>(_ value: T?, _ field: String) throws(ConfigurationError) -> T {
            guard let value else { throw fail(field, "is required") }
            return value
        }
        func currency(_ code: String, _ field: String) throws(ConfigurationError) -> Currency {
            guard let found = Currency.named(code) else { throw fail(field, "'\(code)' is not an ISO 4217 currency Mekong carries") }
            return found
        }
        func money(_ text: String, _ currency: Currency, _ field: String) throws(ConfigurationError) -> Money {
            do { return try Money(parsing: text, currency: currency) } catch { throw fail(field, error.description) }
        }

        let raw: Raw
        do { raw = try YAMLDecoder().decode(Raw.self, from: text) } catch {
            let (field, reason) = YAMLErrorText.describe(error)
            throw fail(field, reason)
        }

        let id = try required(raw.id, "id")
        guard id.range(of: #"^KH-[A-Z]{2}$"#, options: .regularExpression) != nil else {
            throw fail("id", "'\(id)' must look like KH-TH")
        }
        let name = try required(raw.name, "name")
        let partner = try required(raw.partner, "partner")
        let system = try required(partner.system, "partner.system")
        guard PartnerSystem(rawValue: system) != nil else {
            throw fail("partner.system", "'\(system)' is not a partner Mekong knows; one of \(PartnerSystem.names)")
        }
        let partnerOperator = try required(partner.operator, "partner.operator")
        let country = try required(partner.country, "partner.country")
        guard country.count == 2, country.uppercased() == country else {
            throw fail("partner.country", "'\(country)' must be an ISO 3166 alpha-2 code such as TH")
        }
        let statusText = try required(raw.status, "status")
        guard let status = CorridorStatus(rawValue: statusText) else {
            throw fail("status", "'\(statusText)' must be one of live, pilot, planned")
        }
        let directionText = try required(raw.direction, "direction")
        guard let direction = CorridorDirection(rawValue: directionText) else {
            throw fail("direction", "'\(directionText)' must be one of both_ways, inbound_only, outbound_only")
        }
        let currencies = try required(raw.currencies, "currencies")
        let sourceCodes = try required(currencies.source, "currencies.source")
        guard !sourceCodes.isEmpty else { throw fail("currencies.source", "must list at least one currency") }
        var sources: [Currency] = []
        for (index, code) in sourceCodes.enumerated() {
            let found = try currency(code, "currencies.source[\(index)]")
            guard found == .KHR || found == .USD else {
                throw fail("currencies.source[\(index)]", "'\(code)' must be KHR or USD, the currencies Bakong payers send in")
            }
            sources.append(found)
        }
        let partnerCurrency = try currency(try required(currencies.partner, "currencies.partner"), "currencies.partner")
        let settlementCurrency = try currency(currencies.settlement ?? partnerCurrency.code, "currencies.settlement")

        let settlementRaw = try required(raw.settlement, "settlement")
        let settlement: SettlementModel
        switch settlementRaw.model {
        case "real_time": settlement = .realTime
        case "batch":
            if let seconds = settlementRaw.cycle_seconds {
                guard settlementRaw.cycle_minutes == nil else {
                    throw fail("settlement.cycle_seconds", "give cycle_minutes or cycle_seconds, not both")
                }
                guard (1...86_400).contains(seconds) else { throw fail("settlement.cycle_seconds", "must be between 1 and 86400") }
                settlement = .batch(cycleSeconds: seconds)
            } else {
                let minutes = try required(settlementRaw.cycle_minutes, "settlement.cycle_minutes")
                guard (1...1440).contains(minutes) else { throw fail("settlement.cycle_minutes", "must be between 1 and 1440") }
                settlement = .batch(cycleSeconds: minutes * 60)
            }
        case nil: throw fail("settlement.model", "is required")
        case let other?: throw fail("settlement.model", "'\(other)' must be real_time or batch")
        }

        var offHours = OffHoursPolicy.refuse
        if let policy = settlementRaw.off_hours {
            guard case .batch = settlement else { throw fail("settlement.off_hours", "applies to batch corridors only") }
            guard let parsed = OffHoursPolicy(rawValue: policy) else { throw fail("settlement.off_hours", "'\(policy)' must be queue or refuse") }
            offHours = parsed
        }

        let hoursRaw = try required(raw.hours, "hours")
        let zoneName = try required(hoursRaw.time_zone, "hours.time_zone")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw fail("hours.time_zone", "'\(zoneName)' is not an IANA time zone such as Asia/Bangkok")
        }
        var windows: [WeeklyWindow] = []
        if hoursRaw.always_open == true {
            guard (hoursRaw.windows ?? []).isEmpty else { throw fail("hours.windows", "must be absent when always_open is true") }
        } else {
            let rawWindows = try required(hoursRaw.windows, "hours.windows")
            guard !rawWindows.isEmpty else { throw fail("hours.windows", "must list at least one window, or set always_open: true") }
            for (index, window) in rawWindows.enumerated() {
                let field = "hours.windows[\(index)]"
                let dayNames = try required(window.days, "\(field).days")
                var days = Set<Weekday>()
                for dayName in dayNames {
                    guard let day = Weekday(name: dayName) else {
                        throw fail("\(field).days", "'\(dayName)' must be one of mon, tue, wed, thu, fri, sat, sun")
                    }
                    days.insert(day)
                }
                guard !days.isEmpty else { throw fail("\(field).days", "must list at least one day") }
                let openText = try required(window.open, "\(field).open")
                let closeText = try required(window.close, "\(field).close")
                guard let opens = TimeOfDay(parsing: openText) else { throw fail("\(field).open", "'\(openText)' must be HH:MM") }
                guard let closes = TimeOfDay(parsing: closeText) else { throw fail("\(field).close", "'\(closeText)' must be HH:MM") }
                guard opens < closes else { throw fail("\(field).close", "must be after open (\(openText))") }
                windows.append(WeeklyWindow(days: days, opens: opens, closes: closes))
            }
        }

        var limits: [PaymentType: Money] = [:]
        for (key, value) in (raw.limits?.perPayment ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let type = PaymentType(rawValue: key) else { throw fail("limits.\(key)", "must be P2P or B2B") }
            let limit = try money(value, partnerCurrency, "limits.\(key)")
            guard !limit.isZero else { throw fail("limits.\(key)", "must be greater than zero; leave it out if the type is not offered") }
            limits[type] = limit
        }
        var velocity: [PaymentType: VelocityLimit] = [:]
        for (key, periods) in (raw.limits?.velocity ?? [:]).sorted(by: { $0.key < $1.key }) {
            let field = "limits.velocity.\(key)"
            guard let type = PaymentType(rawValue: key), limits[type] != nil else {
                throw fail(field, "must be a payment type the corridor offers (\(limits.keys.map(\.rawValue).sorted().joined(separator: ", ")))")
            }
            var amounts: [VelocityLimit.Period: Money] = [:]
            for (name, value) in periods {
                guard let period = VelocityLimit.Period(rawValue: name) else { throw fail("\(field).\(name)", "must be daily or monthly") }
                let amount = try money(value, partnerCurrency, "\(field).\(name)")
                guard !amount.isZero else { throw fail("\(field).\(name)", "must be greater than zero; leave it out for no limit") }
                amounts[period] = amount
            }
            guard !amounts.isEmpty else { throw fail(field, "must set daily, monthly or both") }
            if let daily = amounts[.daily], let monthly = amounts[.monthly], monthly < daily {
                throw fail("\(field).monthly", "must be at least the daily limit (\(daily.decimalString))")
            }
            velocity[type] = VelocityLimit(daily: amounts[.daily], monthly: amounts[.monthly])
        }

        var pricing = CorridorPricing(spreadBasisPoints: 0, fees: [:])
        if let rawPricing = raw.pricing {
            let spread = rawPricing.spread_bps ?? 0
            guard (0..<10_000).contains(spread) else { throw fail("pricing.spread_bps", "must be between 0 and 9999") }
            var fees: [PaymentType: FeeSchedule] = [:]
            for (key, fee) in (rawPricing.fees ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let type = PaymentType(rawValue: key) else { throw fail("pricing.fees.\(key)", "must be P2P or B2B") }
                let percent = fee.percent_bps ?? 0
                guard (0...10_000).contains(percent) else { throw fail("pricing.fees.\(key).percent_bps", "must be between 0 and 10000") }
                var fixed: [Currency: Money] = [:]
                for (code, amount) in (fee.fixed ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let feeCurrency = try currency(code, "pricing.fees.\(key).fixed.\(code)")
                    fixed[feeCurrency] = try money(amount, feeCurrency, "pricing.fees.\(key).fixed.\(code)")
                }
                fees[type] = FeeSchedule(fixed: fixed, percentBasisPoints: percent)
            }
            pricing = CorridorPricing(spreadBasisPoints: spread, fees: fees)
        }

        let fxProvider = raw.fx_provider
        var endpoint: PartnerEndpoint?
        if let rawEndpoint = raw.endpoint {
            endpoint = try parseEndpoint(rawEndpoint, id: id, environment: environment, fail: fail)
        }
        var testBaseURL: String?
        let testOverrideKey = "MEKONG_CORRIDOR_\(id.replacingOccurrences(of: "-", with: "_"))_TEST_BASE_URL"
        // The override set empty turns test traffic off for the corridor.
        if let rawTest = raw.test_endpoint, environment[testOverrideKey] != "" {
            guard endpoint != nil else { throw fail("test_endpoint", "needs an endpoint: test payments use its settings with another base_url") }
            guard let text = environment[testOverrideKey] ?? rawTest.base_url else { throw fail("test_endpoint.base_url", "is required") }
            guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw fail("test_endpoint.base_url", "'\(text)' must be an http or https URL")
            }
            testBaseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        var inboundSecret: String?
        if let inbound = raw.inbound {
            guard direction.carriesInbound else { throw fail("inbound", "an outbound-only corridor takes no inbound credits") }
            guard let secret = inbound.signing_secret, SecretReference(secret) != nil else {
                throw fail("inbound.signing_secret", "must be a reference such as env:NAME or file:PATH, never the secret itself")
            }
            inboundSecret = secret
        }
        var inFlight = InFlightPolicy.hold
        if let text = raw.operations?.in_flight_on_disable {
            guard let policy = InFlightPolicy(rawValue: text) else {
                throw fail("operations.in_flight_on_disable", "'\(text)' must be hold or reject")
            }
            inFlight = policy
        }
        if status != .planned {
            guard fxProvider?.isEmpty == false else { throw fail("fx_provider", "is required unless status is planned") }
            guard endpoint != nil else { throw fail("endpoint", "is required unless status is planned") }
            guard !limits.isEmpty else { throw fail("limits", "must offer at least one payment type (P2P or B2B) unless status is planned") }
        }

        var spec = CorridorSpec(
            id: id, name: name, partnerSystem: system, partnerOperator: partnerOperator, country: country,
            status: status, direction: direction, sourceCurrencies: sources, partnerCurrency: partnerCurrency,
            settlementCurrency: settlementCurrency, settlement: settlement, offHours: offHours,
            hours: OperatingHours(timeZone: zone, windows: windows), limits: limits, fxProvider: fxProvider,
            pricing: pricing, endpoint: endpoint, inFlightPolicy: inFlight, allowsReturns: raw.refunds?.allowed ?? false,
            inboundSecretReference: inboundSecret, unavailableReason: raw.unavailable_reason, testBaseURL: testBaseURL
        )
        spec.velocity = velocity
        if let raw = raw.liquidity {
            let policy: LiquidityPolicy.Shortfall
            switch raw.on_shortfall ?? "queue" {
            case "queue": policy = .queue
            case "refuse": policy = .refuse
            case let other: throw fail("liquidity.on_shortfall", "'\(other)' must be queue or refuse")
            }
            func amount(_ text: String?, _ field: String) throws(ConfigurationError) -> Money {
                try money(try required(text, "liquidity.\(field)"), settlementCurrency, "liquidity.\(field)")
            }
            let low = try amount(raw.low_water, "low_water")
            let critical = try amount(raw.critical, "critical")
            guard critical <= low else { throw fail("liquidity.critical", "must be at most low_water (\(low.decimalString))") }
            let opening = try raw.opening_balance.map { text throws(ConfigurationError) in
                try money(text, settlementCurrency, "liquidity.opening_balance")
            }
            let inbound = raw.inbound ?? "none"
            guard ["credit", "none"].contains(inbound) else { throw fail("liquidity.inbound", "'\(inbound)' must be credit or none") }
            spec.liquidity = LiquidityPolicy(
                onShortfall: policy, lowWater: low, critical: critical,
                openingBalance: opening ?? Money(minorUnits: 0, currency: settlementCurrency), inboundCredits: inbound == "credit")
        }
        return spec
    }

    private static func parseEndpoint(
        _ raw: Raw.Endpoint, id: String, environment: [String: String],
        fail: (String, String) -> ConfigurationError
    ) throws(ConfigurationError) -> PartnerEndpoint {
        let overrideKey = "MEKONG_CORRIDOR_\(id.replacingOccurrences(of: "-", with: "_"))_BASE_URL"
        guard let baseURL = environment[overrideKey] ?? raw.base_url else { throw fail("endpoint.base_url", "is required") }
        guard let url = URL(string: baseURL), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw fail("endpoint.base_url", "'\(baseURL)' must be an http or https URL")
        }
        guard let connect = raw.connect_timeout_ms else { throw fail("endpoint.connect_timeout_ms", "is required") }
        guard (1...60_000).contains(connect) else { throw fail("endpoint.connect_timeout_ms", "must be between 1 and 60000") }
        guard let total = raw.total_timeout_ms else { throw fail("endpoint.total_timeout_ms", "is required") }
        guard (connect...300_000).contains(total) else {
            throw fail("endpoint.total_timeout_ms", "must be at least connect_timeout_ms and at most 300000")
        }
        guard let rps = raw.max_requests_per_second else { throw fail("endpoint.max_requests_per_second", "is required") }
        guard rps > 0 else { throw fail("endpoint.max_requests_per_second", "must be greater than zero") }
        if let tls = raw.tls {
            guard (tls.client_certificate == nil) == (tls.client_key == nil) else {
                throw fail("endpoint.tls", "client_certificate and client_key go together")
            }
        }
        if let oauth = raw.oauth2 {
            guard oauth.token_url != nil else { throw fail("endpoint.oauth2.token_url", "is required with oauth2") }
            guard oauth.client_id != nil else { throw fail("endpoint.oauth2.client_id", "is required with oauth2") }
            guard let secret = oauth.client_secret, SecretReference(secret) != nil else {
                throw fail("endpoint.oauth2.client_secret", "must be a reference such as env:NAME or file:PATH, never the secret itself")
            }
        }
        return PartnerEndpoint(
            baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL,
            connectTimeoutMilliseconds: connect, totalTimeoutMilliseconds: total, maxRequestsPerSecond: rps,
            clientCertificatePath: raw.tls?.client_certificate, clientKeyPath: raw.tls?.client_key, caPath: raw.tls?.ca,
            oauthTokenURL: raw.oauth2?.token_url, oauthClientID: raw.oauth2?.client_id,
            oauthClientSecretReference: raw.oauth2?.client_secret
        )
    }
}
