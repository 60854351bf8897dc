import Foundation
public import MekongCore

/// NAPAS's settlement file: one JSON object per line, amounts as JSON numbers of dong, the
/// currency as its ISO 4217 numeric code (704), times in epoch milliseconds.
public struct NAPASSettlementFile: SettlementFileFormat {
    public let currency = Currency.VND
    public let header: String? = nil

    public func row(_ text: String, line: Int) throws(SettlementFileFault) -> SettlementRow {
        func fail(_ reason: String) -> SettlementFileFault { SettlementFileFault(line: line, reason: reason) }
        let value: ExactJSON
        do throws(ExactJSON.SyntaxError) { value = try ExactJSON.parse(Array(text.utf8)) } catch { throw fail(error.description) }
        guard case .string(let reference)? = value["requestId"], case .number(let amount)? = value["amount"],
            case .number(let milliseconds)? = value["settledAtMs"], let ms = Int64(milliseconds)
        else {
            throw fail("expected requestId, amount (a number of dong), settledAtMs")
        }
        guard case .string("704")? = value["currency"] else { throw fail("currency must be 704 (VND)") }
        var counterparty = ""
        if case .string(let text)? = value["beneficiary"] { counterparty = text }
        var fee = "0"
        if case .number(let text)? = value["fee"] { fee = text }
        return SettlementRow(
            reference: reference, amount: try money(amount, line: line), counterparty: counterparty,
            settledAt: Date(timeIntervalSince1970: TimeInterval(ms) / 1000), fee: try money(fee, line: line), line: line)
    }
}
