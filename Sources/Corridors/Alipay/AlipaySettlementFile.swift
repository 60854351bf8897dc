public import MekongCore

/// Alipay's settlement file: one JSON object per line for each inbound remittance it sent, by
/// Alipay's reference, settled in USD, times in Shanghai local time.
public struct AlipaySettlementFile: SettlementFileFormat {
    public let currency = Currency.USD
    public let header: String? = nil

    public func row(_ text: String, line: Int) throws(SettlementFileFault) -> SettlementRow {
        func fail(_ reason: String) -> SettlementFileFault { SettlementFileFault(line: line, reason: reason) }
        let value: ExactJSON
        do throws(ExactJSON.SyntaxError) { value = try ExactJSON.parse(Array(text.utf8)) } catch { throw fail(error.description) }
        guard case .string(let reference)? = value["out_trade_no"], case .string(let amount)? = value["settle_amount"],
            case .string(let settled)? = value["gmt_settle"]
        else {
            throw fail("expected out_trade_no, settle_amount, settle_currency, gmt_settle")
        }
        guard case .string("USD")? = value["settle_currency"] else { throw fail("settle_currency must be USD") }
        guard let at = localTime(settled, zone: "Asia/Shanghai") else { throw fail("gmt_settle '\(settled)' is not yyyy-MM-dd HH:mm:ss") }
        var payee = ""
        var fee = "0.00"
        if case .string(let text)? = value["payee"] { payee = text }
        if case .string(let text)? = value["fee_amount"] { fee = text }
        return SettlementRow(
            reference: reference, amount: try money(amount, line: line), counterparty: payee, settledAt: at,
            fee: try money(fee, line: line), line: line)
    }
}
