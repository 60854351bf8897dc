public import MekongCore

/// DuitNow's settlement file: semicolon-separated with ISO 20022-style column names, amounts
/// in whole sen, times in ISO 8601 with an offset.
public struct DuitNowSettlementFile: SettlementFileFormat {
    public let currency = Currency.MYR
    public let header: String? = "EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen"

    public func row(_ text: String, line: Int) throws(SettlementFileFault) -> SettlementRow {
        func fail(_ reason: String) -> SettlementFileFault { SettlementFileFault(line: line, reason: reason) }
        let cells = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard cells.count == 6 else { throw fail("expected 6 columns (\(header!)), found \(cells.count)") }
        guard cells[2] == "MYR" else { throw fail("Ccy must be MYR, not \(cells[2])") }
        guard let amount = Int64(cells[1]), let fee = Int64(cells[5]) else { throw fail("SttlmAmtSen and FeeSen are whole sen") }
        guard let at = RFC3339.date(from: cells[4]) else { throw fail("SttlmDtTm '\(cells[4])' is not ISO 8601 with an offset") }
        return SettlementRow(
            reference: cells[0], amount: Money(minorUnits: amount, currency: .MYR), counterparty: cells[3], settledAt: at,
            fee: Money(minorUnits: fee, currency: .MYR), line: line)
    }
}
