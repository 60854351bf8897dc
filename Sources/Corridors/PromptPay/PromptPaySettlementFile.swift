public import MekongCore

/// PromptPay's settlement file: comma-separated with a header, amounts in baht with two
/// decimals, times in Bangkok local time.
public struct PromptPaySettlementFile: SettlementFileFormat {
    public let currency = Currency.THB
    public let header: String? = "txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb"

    public func row(_ text: String, line: Int) throws(SettlementFileFault) -> SettlementRow {
        func fail(_ reason: String) -> SettlementFileFault { SettlementFileFault(line: line, reason: reason) }
        let cells = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard cells.count == 6 else { throw fail("expected 6 columns (\(header!)), found \(cells.count)") }
        guard cells[2] == "THB" else { throw fail("currency must be THB, not \(cells[2])") }
        guard let at = localTime(cells[4], zone: "Asia/Bangkok") else { throw fail("settled_at_ict '\(cells[4])' is not yyyy-MM-dd HH:mm:ss") }
        return SettlementRow(
            reference: cells[0], amount: try money(cells[1], line: line), counterparty: cells[3], settledAt: at,
            fee: try money(cells[5], line: line), line: line)
    }
}
