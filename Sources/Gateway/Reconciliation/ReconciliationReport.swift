import Foundation
import MekongCore

/// A run's report: totals by class (count and value in the partner's currency), the file's
/// totals, fees and net settlement (value − fees), and what was promoted.
struct ReconciliationReport: Codable, Sendable {
    struct Total: Codable, Sendable {
        let count: Int
        let value: String
    }

    let id: String
    let corridor: String
    let businessDate: String
    let fileSha256: String
    let currency: String
    let totalTransactions: Int
    let totalValue: String
    let fees: String
    let netSettlement: String
    let totals: [String: Total]
    let exceptions: Int
    let promoted: [String]
    let createdAt: String

    init(id: String, corridor: String, businessDate: String, sha: String, engine: ReconciliationEngine, promoted: [String], at: Date) {
        func text(_ minor: Int64) -> String { Money(minorUnits: minor, currency: engine.currency).decimalString }
        self.id = id
        self.corridor = corridor
        self.businessDate = businessDate
        fileSha256 = sha
        currency = engine.currency.code
        totalTransactions = engine.rows
        totalValue = text(engine.valueMinor)
        fees = text(engine.feesMinor)
        netSettlement = text(engine.valueMinor - engine.feesMinor)
        totals = Dictionary(
            uniqueKeysWithValues: ReconciliationClass.allCases.map { kind in
                let tally = engine.tallies[kind] ?? ReconciliationEngine.Tally()
                return (kind.rawValue, Total(count: tally.count, value: text(tally.valueMinor)))
            })
        exceptions = engine.exceptions.count
        self.promoted = promoted
        createdAt = RFC3339.string(from: at)
    }

    /// The same as CSV: one line per class, then the file's totals.
    var csv: String {
        var lines = ["class,count,value,currency"]
        for kind in ReconciliationClass.allCases {
            let total = totals[kind.rawValue]
            lines.append("\(kind.rawValue),\(total?.count ?? 0),\(total?.value ?? "0"),\(currency)")
        }
        lines.append("total_transactions,\(totalTransactions),\(totalValue),\(currency)")
        lines.append("fees,,\(fees),\(currency)")
        lines.append("net_settlement,,\(netSettlement),\(currency)")
        return lines.joined(separator: "\n") + "\n"
    }
}
