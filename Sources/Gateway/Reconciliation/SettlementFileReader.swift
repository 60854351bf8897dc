import Foundation
import MekongCore

/// Reads a corridor's settlement file line by line (so memory does not grow with the file),
/// in that partner's own format: column names, separators, amount units and time zones differ
/// (see the sandbox's `SettlementFiles`). KH-CN's file lists the inbound remittances Alipay
/// sent, by Alipay's reference. Each fault names its line.
public struct SettlementFileReader: Sendable {
    struct Fault: Error, CustomStringConvertible {
        let line: Int
        let reason: String
        var description: String { "line \(line): \(reason)" }
    }

    let corridorID: String
    let currency: Currency

    /// The corridors whose settlement files Mekong reads (the CLI's help lists them).
    public static let supported = ["KH-TH", "KH-MY", "KH-VN", "KH-CN"]

    init?(corridorID: String) {
        switch corridorID {
        case "KH-TH": currency = .THB
        case "KH-MY": currency = .MYR
        case "KH-VN": currency = .VND
        case "KH-CN": currency = .USD   // Alipay settles inbound remittances in USD
        default: return nil
        }
        self.corridorID = corridorID
    }

    /// The header line the format starts with, if any.
    var header: String? {
        switch corridorID {
        case "KH-TH": "txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb"
        case "KH-MY": "EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen"
        default: nil
        }
    }

    /// One data line; nil for the header and blank lines.
    func read(_ text: String, line: Int) throws(Fault) -> SettlementRow? {
        let trimmed = text.hasSuffix("\r") ? String(text.dropLast()) : text
        if trimmed.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        if let header, trimmed == header { return nil }
        func fail(_ reason: String) -> Fault { Fault(line: line, reason: reason) }
        switch corridorID {
        case "KH-TH":
            let cells = trimmed.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 6 else { throw fail("expected 6 columns (\(header!)), found \(cells.count)") }
            guard cells[2] == "THB" else { throw fail("currency must be THB, not \(cells[2])") }
            guard let at = Self.localTime(cells[4], zone: "Asia/Bangkok") else { throw fail("settled_at_ict '\(cells[4])' is not yyyy-MM-dd HH:mm:ss") }
            return SettlementRow(reference: cells[0], amount: try money(cells[1], line: line), counterparty: cells[3], settledAt: at,
                                 fee: try money(cells[5], line: line), line: line)
        case "KH-MY":
            let cells = trimmed.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 6 else { throw fail("expected 6 columns (\(header!)), found \(cells.count)") }
            guard cells[2] == "MYR" else { throw fail("Ccy must be MYR, not \(cells[2])") }
            guard let amount = Int64(cells[1]), let fee = Int64(cells[5]) else { throw fail("SttlmAmtSen and FeeSen are whole sen") }
            guard let at = RFC3339.date(from: cells[4]) else { throw fail("SttlmDtTm '\(cells[4])' is not ISO 8601 with an offset") }
            return SettlementRow(reference: cells[0], amount: Money(minorUnits: amount, currency: .MYR), counterparty: cells[3], settledAt: at,
                                 fee: Money(minorUnits: fee, currency: .MYR), line: line)
        case "KH-CN":
            let value: ExactJSON
            do throws(ExactJSON.SyntaxError) { value = try ExactJSON.parse(Array(trimmed.utf8)) } catch { throw fail(error.description) }
            guard case .string(let reference)? = value["out_trade_no"], case .string(let amount)? = value["settle_amount"],
                  case .string(let settled)? = value["gmt_settle"] else {
                throw fail("expected out_trade_no, settle_amount, settle_currency, gmt_settle")
            }
            guard case .string("USD")? = value["settle_currency"] else { throw fail("settle_currency must be USD") }
            guard let at = Self.localTime(settled, zone: "Asia/Shanghai") else { throw fail("gmt_settle '\(settled)' is not yyyy-MM-dd HH:mm:ss") }
            var payee = "", fee = "0.00"
            if case .string(let text)? = value["payee"] { payee = text }
            if case .string(let text)? = value["fee_amount"] { fee = text }
            return SettlementRow(reference: reference, amount: try money(amount, line: line), counterparty: payee, settledAt: at,
                                 fee: try money(fee, line: line), line: line)
        default:
            let value: ExactJSON
            do throws(ExactJSON.SyntaxError) { value = try ExactJSON.parse(Array(trimmed.utf8)) } catch { throw fail(error.description) }
            guard case .string(let reference)? = value["requestId"], case .number(let amount)? = value["amount"],
                  case .number(let milliseconds)? = value["settledAtMs"], let ms = Int64(milliseconds) else {
                throw fail("expected requestId, amount (a number of dong), settledAtMs")
            }
            guard case .string("704")? = value["currency"] else { throw fail("currency must be 704 (VND)") }
            var counterparty = ""
            if case .string(let text)? = value["beneficiary"] { counterparty = text }
            var fee = "0"
            if case .number(let text)? = value["fee"] { fee = text }
            return SettlementRow(reference: reference, amount: try money(amount, line: line), counterparty: counterparty,
                                 settledAt: Date(timeIntervalSince1970: TimeInterval(ms) / 1000), fee: try money(fee, line: line), line: line)
        }
    }

    private func money(_ text: String, line: Int) throws(Fault) -> Money {
        do { return try Money(parsing: text, currency: currency) } catch {
            throw Fault(line: line, reason: "'\(text)' is not a \(currency.code) amount: \(error)")
        }
    }

    /// `yyyy-MM-dd HH:mm:ss` in a time zone, parsed without DateFormatter.
    static func localTime(_ text: String, zone: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6, let timeZone = TimeZone(identifier: zone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5]))
    }
}
