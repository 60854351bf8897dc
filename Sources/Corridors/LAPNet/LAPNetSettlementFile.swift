public import MekongCore

/// LAPNet's settlement file (the sandbox's pilot): pipe-separated with a header, amounts in
/// kip with two decimals, times `yyyy-MM-dd HH:mm:ss` in Vientiane local time.
public struct LAPNetSettlementFile: SettlementFileFormat {
    public let currency = Currency.LAK
    public let header: String? = "TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|VALUE_TIME_LAO|FEE_LAK"

    public func row(_ text: String, line: Int) throws(SettlementFileFault) -> SettlementRow {
        func fail(_ reason: String) -> SettlementFileFault { SettlementFileFault(line: line, reason: reason) }
        let cells = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard cells.count == 6 else { throw fail("expected 6 columns (\(header!)), found \(cells.count)") }
        guard cells[2] == "LAK" else { throw fail("CCY must be LAK, not \(cells[2])") }
        guard let at = localTime(cells[4], zone: "Asia/Vientiane") else { throw fail("VALUE_TIME_LAO '\(cells[4])' is not yyyy-MM-dd HH:mm:ss") }
        return SettlementRow(
            reference: cells[0], amount: try money(cells[1], line: line), counterparty: cells[3], settledAt: at,
            fee: try money(cells[5], line: line), line: line)
    }
}
