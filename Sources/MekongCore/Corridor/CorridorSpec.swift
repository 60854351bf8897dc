/// Everything Mekong knows about one corridor, loaded from its YAML spec and validated.
public struct CorridorSpec: Sendable, Equatable {
    /// `KH-TH`, `KH-MY`, …
    public let id: String
    public let name: String
    public let partnerSystem: String
    public let partnerOperator: String
    /// ISO 3166 alpha-2 of the partner country.
    public let country: String
    public let status: CorridorStatus
    public let direction: CorridorDirection
    /// Currencies a Cambodian payer may send in (KHR, USD).
    public let sourceCurrencies: [Currency]
    /// The partner's own currency, in which limits are given.
    public let partnerCurrency: Currency
    /// The currency the corridor settles in (USD for KH-CN, else the partner currency).
    public let settlementCurrency: Currency
    public let settlement: SettlementModel
    /// Batch corridors: queue or refuse payments made outside the hours.
    public let offHours: OffHoursPolicy
    public let hours: OperatingHours
    /// Limits per payment type in `partnerCurrency`. An absent type is not offered.
    public let limits: [PaymentType: Money]
    /// Per-sender limits per day and month, by payment type, in `partnerCurrency`
    /// (`limits.velocity`). An absent type has none.
    public var velocity: [PaymentType: VelocityLimit] = [:]
    /// The prefunded position in `settlementCurrency` (`liquidity`); nil: not tracked.
    public var liquidity: LiquidityPolicy?
    /// The reference-rate provider; `nil` only for planned corridors.
    public let fxProvider: String?
    public let pricing: CorridorPricing
    /// The partner endpoint; `nil` only for planned corridors.
    public let endpoint: PartnerEndpoint?
    /// Where test-mode payments (made with `mk_test_` keys) go instead: the partner's sandbox.
    /// `nil`: the corridor takes no test payments.
    public let testBaseURL: String?
    /// What happens to accepted payments when ops disable the corridor.
    public let inFlightPolicy: InFlightPolicy
    /// Whether the partner takes back settled transfers (refunds).
    public let allowsReturns: Bool
    /// Inbound corridors: the reference (`env:NAME` / `file:PATH`) of the secret partners sign with.
    public let inboundSecretReference: String?
    /// Why the corridor refuses payments when it is not (yet) wired, e.g. planned.
    public let unavailableReason: String?

    public init(
        id: String, name: String, partnerSystem: String, partnerOperator: String, country: String,
        status: CorridorStatus, direction: CorridorDirection, sourceCurrencies: [Currency],
        partnerCurrency: Currency, settlementCurrency: Currency, settlement: SettlementModel,
        offHours: OffHoursPolicy = .refuse, hours: OperatingHours, limits: [PaymentType: Money], fxProvider: String?,
        pricing: CorridorPricing, endpoint: PartnerEndpoint?, inFlightPolicy: InFlightPolicy = .hold, allowsReturns: Bool = false,
        inboundSecretReference: String? = nil,
        unavailableReason: String?, testBaseURL: String? = nil
    ) {
        self.id = id
        self.name = name
        self.partnerSystem = partnerSystem
        self.partnerOperator = partnerOperator
        self.country = country
        self.status = status
        self.direction = direction
        self.sourceCurrencies = sourceCurrencies
        self.partnerCurrency = partnerCurrency
        self.settlementCurrency = settlementCurrency
        self.settlement = settlement
        self.offHours = offHours
        self.hours = hours
        self.limits = limits
        self.fxProvider = fxProvider
        self.pricing = pricing
        self.endpoint = endpoint
        self.inFlightPolicy = inFlightPolicy
        self.allowsReturns = allowsReturns
        self.inboundSecretReference = inboundSecretReference
        self.unavailableReason = unavailableReason
        self.testBaseURL = testBaseURL
    }

    /// The same corridor with its endpoint pointed at `testBaseURL`: what test-mode payments
    /// are sent through. Nil when the corridor names no test endpoint.
    public var forTestTraffic: CorridorSpec? {
        guard let testBaseURL, var endpoint else { return nil }
        endpoint.baseURL = testBaseURL
        var test = CorridorSpec(
            id: id, name: name, partnerSystem: partnerSystem, partnerOperator: partnerOperator, country: country, status: status,
            direction: direction, sourceCurrencies: sourceCurrencies, partnerCurrency: partnerCurrency, settlementCurrency: settlementCurrency,
            settlement: settlement, offHours: offHours, hours: hours, limits: limits, fxProvider: fxProvider, pricing: pricing,
            endpoint: endpoint, inFlightPolicy: inFlightPolicy, allowsReturns: allowsReturns, inboundSecretReference: inboundSecretReference,
            unavailableReason: unavailableReason, testBaseURL: testBaseURL)
        test.velocity = velocity
        test.liquidity = liquidity
        return test
    }

    /// The limit for a payment type, or `nil` when the type is not offered.
    public func limit(for type: PaymentType) -> Money? { limits[type] }
}
