import Corridors
import Foundation
import MekongCore
import Testing

@testable import Gateway

@Suite("Reconciliation: the partners' file formats and the matching rules, without I/O")
struct ReconciliationEngineTests {
    static let day = ReconciliationEngine.businessDay("2026-11-21")!

    @Test("each partner's format is read, with its own units and time zone")
    func formats() throws {
        let thai = try #require(ShippedCorridors.spec("KH-TH").flatMap(SettlementFileReader.init(spec:)))
        #expect(try thai.read("txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb", line: 1) == nil)
        let row = try #require(try thai.read("pay_1,340.78,THB,1234567890,2026-11-21 23:59:59,5.00", line: 2))
        #expect(row.amount == Money(minorUnits: 34_078, currency: .THB) && row.fee == Money(minorUnits: 500, currency: .THB))
        #expect(RFC3339.string(from: row.settledAt) == "2026-11-21T16:59:59Z")
        let malay = try #require(ShippedCorridors.spec("KH-MY").flatMap(SettlementFileReader.init(spec:)))
        let sen = try #require(try malay.read("pay_2;44571;MYR;1234567890;2026-11-21T08:00:03+08:00;100", line: 2))
        #expect(sen.amount == Money(minorUnits: 44_571, currency: .MYR) && RFC3339.string(from: sen.settledAt) == "2026-11-21T00:00:03Z")
        let napas = try #require(ShippedCorridors.spec("KH-VN").flatMap(SettlementFileReader.init(spec:)))
        let dong = try #require(
            try napas.read(
                #"{"requestId":"pay_3","amount":252095,"currency":"704","beneficiary":"9704","settledAtMs":1795305600000,"fee":0}"#, line: 1))
        #expect(dong.amount == Money(minorUnits: 252_095, currency: .VND) && dong.reference == "pay_3")
        let alipay = try #require(ShippedCorridors.spec("KH-CN").flatMap(SettlementFileReader.init(spec:)))
        let remittance = try #require(
            try alipay.read(
                #"{"out_trade_no":"ALI-1","settle_amount":"69.92","settle_currency":"USD","payee":"sok@wing","gmt_settle":"2026-11-22 00:30:00","fee_amount":"0.50"}"#,
                line: 1))
        #expect(remittance.amount == Money(minorUnits: 6992, currency: .USD) && RFC3339.string(from: remittance.settledAt) == "2026-11-21T16:30:00Z")
        // LAPNet's (the KH-LA pilot's): pipe-separated, kip with two decimals, Vientiane time.
        let lao = try #require(ShippedCorridors.spec("KH-LA").flatMap(SettlementFileReader.init(spec:)))
        #expect(try lao.read("TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|VALUE_TIME_LAO|FEE_LAK", line: 1) == nil)
        let kip = try #require(try lao.read("pay_4|215760.00|LAK|1234567890|2026-11-21 07:30:00|0.00", line: 2))
        #expect(kip.amount == Money(minorUnits: 21_576_000, currency: .LAK) && RFC3339.string(from: kip.settledAt) == "2026-11-21T00:30:00Z")
    }

    @Test(
        "a bad line is refused with its number and the reason",
        arguments: [
            ("KH-TH", "pay_1,340.78,THB,123", "expected 6 columns"),
            ("KH-TH", "pay_1,340.789,THB,1,2026-11-21 10:00:00,5.00", "not a THB amount"),
            ("KH-TH", "pay_1,340.78,USD,1,2026-11-21 10:00:00,5.00", "currency must be THB"),
            ("KH-TH", "pay_1,340.78,THB,1,21/11/2026 10:00,5.00", "settled_at_ict"),
            ("KH-MY", "pay_2;445.71;MYR;1;2026-11-21T08:00:03+08:00;100", "whole sen"),
            ("KH-VN", #"{"requestId":"pay_3","amount":"252095","currency":"704","settledAtMs":1}"#, "a number of dong"),
            ("KH-VN", "{not json", "not valid JSON"),
        ])
    func faults(corridor: String, text: String, mention: String) {
        let reader = ShippedCorridors.spec(corridor).flatMap(SettlementFileReader.init(spec:))!
        do {
            _ = try reader.read(text, line: 7)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == 7 && error.description.contains(mention), "\(error)")
        }
    }

    static func payment(_ id: String, _ minor: Int64, _ state: PaymentState, settled: String = "2026-11-21T05:00:00Z") -> GatewayPaymentView {
        GatewayPaymentView(
            id: id, clientID: "cli_a", reference: id, state: state, amount: Money(minorUnits: minor, currency: .THB),
            updatedAt: RFC3339.date(from: settled)!)
    }

    static func row(_ reference: String, _ minor: Int64, at: String = "2026-11-21T06:00:00Z", line: Int = 1) -> SettlementRow {
        SettlementRow(
            reference: reference, amount: Money(minorUnits: minor, currency: .THB), counterparty: "", settledAt: RFC3339.date(from: at)!,
            fee: Money(minorUnits: 500, currency: .THB), line: line)
    }

    @Test("matching is by reference; each class by its rule, in order; the tolerance absorbs FX rounding; batch payments are promoted")
    func rules() {
        var payments = PaymentIndex(currency: .THB)
        for p in [
            Self.payment("p1", 10_000, .crossBorderSettled), Self.payment("p2", 10_000, .crossBorderSettled),
            Self.payment("p3", 10_000, .crossBorderSettled), Self.payment("p4", 10_000, .crossBorderSettled),
            Self.payment("p5", 10_000, .timeout), Self.payment("p6", 10_000, .corridorProcessing),
            Self.payment("p7", 10_000, .crossBorderSettled, settled: "2026-11-20T16:59:59Z"),
        ] {
            payments.add(id: p.id, clientID: p.clientID, reference: p.reference, state: p.state, amount: p.amount, updatedAt: p.updatedAt)
        }
        var engine = ReconciliationEngine(businessDay: Self.day, toleranceMinor: 1, currency: .THB, payments: payments, isBatch: true)
        engine.add(Self.row("p1", 10_001))  // within the tolerance: matched
        engine.add(Self.row("p1", 10_000, line: 2))  // duplicate
        engine.add(Self.row("p2", 10_002))  // amount
        engine.add(Self.row("p3", 10_000, at: "2026-11-21T17:00:00Z"))  // 00:00 on the 22nd in Phnom Penh: timing
        engine.add(Self.row("p5", 10_000))  // TIMEOUT at Mekong: state
        engine.add(Self.row("p6", 10_000))  // batch, still processing: promoted, matched
        engine.add(Self.row("px", 10_000))  // unknown
        engine.add(Self.row("px", 10_000, line: 9))  // unknown, twice: a duplicate
        engine.finish()  // p4 settled that day, not in the file
        func count(_ kind: ReconciliationClass) -> Int { engine.tallies[kind]?.count ?? 0 }
        #expect(count(.matched) == 2 && count(.duplicateInFile) == 2 && count(.amountMismatch) == 1 && count(.timing) == 1)
        #expect(count(.stateMismatch) == 1 && count(.missingAtGateway) == 1 && count(.missingInFile) == 1)
        #expect(engine.exceptions.first { $0.reconciliationClass == .missingInFile }?.reference == "p4", "p7 settled the day before: not missing")
        #expect(engine.promotions.map(\.id) == ["p6"])
        #expect(engine.rows == 8 && engine.feesMinor == 4000 && engine.valueMinor == 80_003)
    }
}
