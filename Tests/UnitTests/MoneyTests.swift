import FX
import MekongCore
import Testing

@Suite("Money, rates and the rounding rules")
struct MoneyTests {
    @Test(
        "decimal strings parse exactly to minor units",
        arguments: [
            ("15.50", Currency.USD, Int64(1550)), ("0.01", .USD, 1), ("25000", .KHR, 2_500_000), ("7", .USD, 700),
            ("10000000", .VND, 10_000_000), ("0", .USD, 0), ("50000.00", .THB, 5_000_000),
        ])
    func parses(text: String, currency: Currency, minor: Int64) throws {
        #expect(try Money(parsing: text, currency: currency).minorUnits == minor)
    }

    @Test(
        "bad amounts are refused, never rounded",
        arguments: [
            ("10.555", Currency.USD), ("1.5", .VND), ("-1.00", .USD), ("1e3", .USD), ("", .USD), (".5", .USD), ("5.", .USD),
            ("1,000.00", .USD), (" 1.00", .USD), ("+1.00", .USD), ("0x10", .USD), ("1.0.0", .USD), ("99999999999999999999", .USD),
            ("١٢", .USD),
        ])
    func refuses(text: String, currency: Currency) {
        #expect(throws: MoneyError.self) { try Money(parsing: text, currency: currency) }
    }

    @Test("formatting uses the ISO 4217 exponent")
    func formats() {
        #expect(Money(minorUnits: 1550, currency: .USD).decimalString == "15.50")
        #expect(Money(minorUnits: 5, currency: .USD).decimalString == "0.05")
        #expect(Money(minorUnits: 10_000_000, currency: .VND).decimalString == "10000000")
        #expect(Money(minorUnits: -5, currency: .USD).decimalString == "-0.05")
        #expect(Currency.VND.exponent == 0 && Currency.KHR.exponent == 2 && Currency.USD.numericCode == 840)
    }

    @Test("rates parse to 10 decimal places and refuse more")
    func rates() throws {
        #expect(try Rate(parsing: "34.25").units == 342_500_000_000)
        #expect(try Rate(parsing: "0.0085200").decimalString == "0.00852")
        #expect(throws: MoneyError.self) { try Rate(parsing: "0.00000000001") }
        #expect(throws: MoneyError.self) { try Rate(parsing: "0") }
        #expect(throws: MoneyError.self) { try Rate(parsing: "-1.2") }
    }

    @Test("rule 1: the customer rate is the reference less the spread, rounded down")
    func spreadRoundsDown() throws {
        let rate = try Rate(parsing: "34.25")
        #expect(rate.lessSpread(basisPoints: 50).decimalString == "34.07875")
        // 0.0000000003 × 0.9999 = 0.00000000029997 → truncated to 0.0000000002
        #expect(try Rate(parsing: "0.0000000003").lessSpread(basisPoints: 1).units == 2)
        #expect(rate.lessSpread(basisPoints: 0) == rate)
    }

    @Test("rule 2: the destination amount is rounded down to the destination minor unit")
    func conversionRoundsDown() throws {
        let customer = try Rate(parsing: "34.07875")
        // 100.00 × 34.07875 = 3407.875 → 3407.87 (never 3407.88)
        #expect(customer.convert(Money(minorUnits: 10_000, currency: .USD), to: .THB) == Money(minorUnits: 340_787, currency: .THB))
        // KHR → VND (exponent 0): 1000.00 KHR × 6.3184 = 6318.4 → 6318
        #expect(try Rate(parsing: "6.3184").convert(Money(minorUnits: 100_000, currency: .KHR), to: .VND).minorUnits == 6318)
        // The largest amount converts without overflow.
        let big = Money(minorUnits: Money.maximumMinorUnits, currency: .USD)
        #expect(try Rate(parsing: "25400").convert(big, to: .VND).minorUnits == 254_000_000_000_000_000)
    }

    @Test("sourceAmount(reaching:) is the smallest amount that converts to at least the target")
    func inverse() throws {
        let rate = try Rate(parsing: "34.07875")
        let target = Money(minorUnits: 5_000_000, currency: .THB)
        let source = rate.sourceAmount(reaching: target, from: .USD)
        #expect(rate.convert(source, to: .THB) >= target)
        #expect(rate.convert(Money(minorUnits: source.minorUnits - 1, currency: .USD), to: .THB) < target)
    }

    @Test("rule 3: the percentage fee is rounded up to the source minor unit")
    func feeRoundsUp() {
        let fee = FeeSchedule(fixed: [.USD: Money(minorUnits: 500, currency: .USD)], percentBasisPoints: 10)
        // 10.01 × 0.10% = 0.01001 → 0.02, plus 5.00 fixed
        #expect(fee.fee(for: Money(minorUnits: 1001, currency: .USD)) == Money(minorUnits: 502, currency: .USD))
        // exact: 100.00 × 0.10% = 0.10
        #expect(fee.fee(for: Money(minorUnits: 10_000, currency: .USD)) == Money(minorUnits: 510, currency: .USD))
        // no fixed fee for KHR in this schedule
        #expect(fee.fee(for: Money(minorUnits: 100, currency: .KHR)).minorUnits == 1)
    }

    @Test("a quote prices amount, fee, total and destination together")
    func quotePricing() throws {
        let pricing = CorridorPricing(
            spreadBasisPoints: 50,
            fees: [.p2p: FeeSchedule(fixed: [.USD: Money(minorUnits: 100, currency: .USD)], percentBasisPoints: 0)])
        let quote = QuotePricer.price(
            amount: Money(minorUnits: 10_000, currency: .USD), type: .p2p, pricing: pricing,
            destination: .THB, snapshotID: "NBC@x", referenceRate: try Rate(parsing: "34.25"))
        #expect(quote.fee.decimalString == "1.00")
        #expect(quote.totalDebit.decimalString == "101.00")
        #expect(quote.destinationAmount.decimalString == "3407.87")
        #expect(quote.customerRate.decimalString == "34.07875")
    }
}
