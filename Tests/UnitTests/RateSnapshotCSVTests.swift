import FX
import Foundation
import MekongCore
import Testing

@Suite("Rate snapshots in CSV, and the diff against the snapshot in force")
struct RateSnapshotCSVTests {
    static let csv = """
        provider,effective_at,pair,rate
        NBC,2026-11-23T00:00:00Z,USD/THB,34.2500
        NBC,2026-11-23T00:00:00Z,THB/KHR,"117.37"
        """

    @Test("a CSV snapshot parses, in any column order and with CRLF, and writes back the same")
    func parses() throws {
        let snapshot = try RateSnapshotCSV.parse(Self.csv, file: "t.csv")
        #expect(snapshot.id == "NBC@2026-11-23T00:00:00Z" && snapshot.rates.count == 2 && !snapshot.isSample)
        #expect(snapshot.rate(for: CurrencyPair(parsing: "USD/THB")!) == (try Rate(parsing: "34.25")))
        let reordered = "rate,pair,effective_at,provider\r\n34.25,USD/THB,2026-11-23T00:00:00Z,NBC\r\n\r\n"
        #expect(try RateSnapshotCSV.parse(reordered, file: "t.csv").rates.count == 1)
        let written = RateSnapshotCSV.write(snapshot)
        #expect(try RateSnapshotCSV.parse(written, file: "t.csv") == snapshot)
    }

    @Test(
        "every fault names its line and column",
        arguments: [
            ("", "line 1"),
            ("provider,effective_at,pair\nNBC,2026-11-23T00:00:00Z,USD/THB\n", "line 1"),
            ("provider,effective_at,pair,rate,extra\n", "line 1"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USD/THB\n", "line 2"),
            ("provider,effective_at,pair,rate\n,2026-11-23T00:00:00Z,USD/THB,1\n", "line 2.provider"),
            ("provider,effective_at,pair,rate\nNBC,23/11/2026,USD/THB,1\n", "line 2.effective_at"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USD/THB,1\nNBC,2026-11-24T00:00:00Z,THB/USD,1\n", "line 3.effective_at"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USD/THB,1\nBNM,2026-11-23T00:00:00Z,THB/USD,1\n", "line 3.provider"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USDTHB,1\n", "line 2.pair"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USD/THB,1\nNBC,2026-11-23T00:00:00Z,USD/THB,2\n", "line 3.pair"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USD/THB,-1\n", "line 2.rate"),
            ("provider,effective_at,pair,rate\nNBC,2026-11-23T00:00:00Z,USD/THB,1.12345678901\n", "line 2.rate"),
            ("provider,effective_at,pair,rate\n", "rates"),
        ])
    func faults(text: String, field: String) {
        #expect(throws: ConfigurationError.self) { try RateSnapshotCSV.parse(text, file: "t.csv") }
        do { _ = try RateSnapshotCSV.parse(text, file: "t.csv") } catch { #expect(error.field == field, "\(error)") }
    }

    func snapshot(_ rates: [String: String], at time: String = "2026-11-23T00:00:00Z") throws -> RateSnapshot {
        var parsed: [CurrencyPair: Rate] = [:]
        for (pair, rate) in rates { parsed[CurrencyPair(parsing: pair)!] = try Rate(parsing: rate) }
        return RateSnapshot(provider: "NBC", effectiveAt: RFC3339.date(from: time)!, rates: parsed, isSample: false)
    }

    @Test("moves are shown in basis points rounded half away from zero; large means the shown figure is over the threshold")
    func diffRounding() throws {
        let before = try snapshot(["USD/THB": "100", "THB/USD": "100", "USD/KHR": "100", "KHR/USD": "100"], at: "2026-11-22T00:00:00Z")
        // +2.005 % rounds to +2.01 (half away from zero) and is large; −2.005 % likewise; +2.00 % exactly is not
        // large, nor is +2.0049 %, shown as +2.00.
        let after = try snapshot(["USD/THB": "102.005", "THB/USD": "97.995", "USD/KHR": "102.0049", "KHR/USD": "100.0049"])
        let diff = RateSnapshotDiff(candidate: after, baseline: before, thresholdBasisPoints: 200)
        let byPair = Dictionary(uniqueKeysWithValues: diff.changes.map { ($0.pair.description, $0) })
        #expect(byPair["USD/THB"]?.percentText == "+2.01" && byPair["USD/THB"]?.isLarge == true)
        #expect(byPair["THB/USD"]?.percentText == "-2.01" && byPair["THB/USD"]?.isLarge == true)
        #expect(byPair["USD/KHR"]?.percentText == "+2.00" && byPair["USD/KHR"]?.isLarge == false)
        #expect(byPair["KHR/USD"]?.percentText == "0.00" && byPair["KHR/USD"]?.basisPoints == 0)
        #expect(diff.largeMoves.count == 2 && diff.warnings.count == 2)
        #expect(diff.warnings[0].contains("more than the 2.00% threshold"))
    }

    @Test("a dropped pair warns that its quotes will be refused; an added pair is noted; no baseline, no warnings")
    func diffPairs() throws {
        let before = try snapshot(["USD/THB": "34.25", "THB/KHR": "117.37"], at: "2026-11-22T00:00:00Z")
        let after = try snapshot(["USD/THB": "34.30", "KHR/THB": "0.00852"])
        let diff = RateSnapshotDiff(candidate: after, baseline: before, thresholdBasisPoints: 200)
        #expect(diff.changes.map(\.pair.description) == ["KHR/THB", "THB/KHR", "USD/THB"])
        #expect(diff.warnings.contains { $0.hasPrefix("THB/KHR is in NBC@2026-11-22T00:00:00Z but not in this snapshot") && $0.contains("3003") })
        #expect(diff.warnings.contains("KHR/THB is new"))
        #expect(RateSnapshotDiff(candidate: after, baseline: nil, thresholdBasisPoints: 200).warnings.isEmpty)
    }
}
