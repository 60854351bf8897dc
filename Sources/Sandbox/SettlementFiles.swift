import Foundation
import Hummingbird

/// Each partner's daily settlement file, made from its own ledger, in its own format, for
/// its own business day in its own time zone:
/// - KH-TH (PromptPay): CSV `txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb`,
///   amounts in baht with two decimals, times `yyyy-MM-dd HH:mm:ss` in Asia/Bangkok;
/// - KH-MY (DuitNow): CSV with `;`, `EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen`,
///   amounts in sen (minor units), times ISO 8601 with +08:00;
/// - KH-VN (NAPAS): JSON Lines, `{"requestId","amount" (VND, a number),"currency":"704",
///   "beneficiary","settledAtMs","fee"}`, times in UTC milliseconds;
/// - KH-CN (Alipay, inbound): JSON Lines, `{"out_trade_no","settle_amount":"10.00",
///   "settle_currency":"USD","payee","gmt_settle"}` plus `fee_amount`, times
///   `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai: the remittances it sent and Mekong accepted;
/// - KH-LA (LAPNet, the pilot): `|`-separated, `TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|
///   VALUE_TIME_LAO|FEE_LAK`, amounts in kip with two decimals, times in Asia/Vientiane.
///
/// `GET /sandbox/settlement/{corridor}?date=2026-11-21`. Only settled transfers are listed.
struct SettlementFiles {
    let ledger: SandboxLedger

    struct Format {
        let timeZone: TimeZone
        let feeMinor: Int64
        let header: String?
        let row: (SandboxTransfer, Int64, Int64) -> String
    }

    static func format(_ corridor: String) -> Format? {
        switch corridor {
        case "KH-TH":
            return Format(timeZone: TimeZone(identifier: "Asia/Bangkok")!, feeMinor: 500,
                          header: "txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb") { t, minor, fee in
                "\(t.instructionID),\(decimal(minor, 2)),THB,\(t.creditorAccount),\(local(t.receivedAt, "Asia/Bangkok")),\(decimal(fee, 2))"
            }
        case "KH-MY":
            return Format(timeZone: TimeZone(identifier: "Asia/Kuala_Lumpur")!, feeMinor: 100,
                          header: "EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen") { t, minor, fee in
                "\(t.instructionID);\(minor);MYR;\(t.creditorAccount);\(iso(t.receivedAt, "Asia/Kuala_Lumpur"));\(fee)"
            }
        case "KH-VN":
            return Format(timeZone: TimeZone(identifier: "Asia/Ho_Chi_Minh")!, feeMinor: 0, header: nil) { t, minor, fee in
                #"{"requestId":"\#(t.instructionID)","amount":\#(minor),"currency":"704","beneficiary":"\#(t.creditorAccount)","settledAtMs":\#(Int64(t.receivedAt.timeIntervalSince1970 * 1000)),"fee":\#(fee)}"#
            }
        case "KH-CN":
            return Format(timeZone: TimeZone(identifier: "Asia/Shanghai")!, feeMinor: 50, header: nil) { t, minor, fee in
                #"{"out_trade_no":"\#(t.instructionID)","settle_amount":"\#(decimal(minor, 2))","settle_currency":"\#(t.currency)","payee":"\#(t.creditorAccount)","gmt_settle":"\#(local(t.receivedAt, "Asia/Shanghai"))","fee_amount":"\#(decimal(fee, 2))"}"#
            }
        case "KH-LA":
            return Format(timeZone: TimeZone(identifier: "Asia/Vientiane")!, feeMinor: 0,
                          header: "TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|VALUE_TIME_LAO|FEE_LAK") { t, minor, fee in
                "\(t.instructionID)|\(decimal(minor, 2))|LAK|\(t.creditorAccount)|\(local(t.receivedAt, "Asia/Vientiane"))|\(decimal(fee, 2))"
            }
        default:
            return nil
        }
    }

    func register(on router: Router<SandboxContext>) {
        router.get("sandbox/settlement/:corridor") { request, context in
            let corridor = try context.parameters.require("corridor")
            guard let format = Self.format(corridor) else {
                return PromptPaySimulator.json(.notFound, ["error": "the sandbox makes settlement files for KH-TH, KH-MY, KH-VN, KH-CN and the KH-LA pilot"])
            }
            guard let date = request.uri.queryParameters.get("date"), let day = Self.day(date, in: format.timeZone) else {
                return PromptPaySimulator.json(.badRequest, ["error": "date=YYYY-MM-DD is required"])
            }
            var lines: [String] = format.header.map { [$0] } ?? []
            for transfer in await ledger.all() where transfer.corridor == corridor && ["ACSC", "ACCP"].contains(transfer.status)
                && day.contains(transfer.receivedAt) {
                lines.append(format.row(transfer, Self.minor(transfer.amount, corridor: corridor), format.feeMinor))
            }
            return Response(status: .ok, headers: [.contentType: ["KH-VN", "KH-CN"].contains(corridor) ? "application/x-ndjson" : "text/csv"],
                            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
    }

    /// The day `date` in a time zone, as an interval.
    static func day(_ date: String, in zone: TimeZone) -> DateInterval? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let end = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
        return DateInterval(start: start, end: end)
    }

    /// A ledger amount ("340.78", or whole dong) in minor units.
    static func minor(_ amount: String, corridor: String) -> Int64 {
        if corridor == "KH-VN" { return Int64(amount) ?? 0 }
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int64(parts[0]) ?? 0
        let fraction = parts.count > 1 ? String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        return whole * 100 + (Int64(fraction) ?? 0)
    }

    static func decimal(_ minor: Int64, _ places: Int) -> String {
        let scale: Int64 = places == 2 ? 100 : 1
        let fraction = String(minor % scale)
        return "\(minor / scale).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }

    static func local(_ instant: Date, _ zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: instant)
    }

    static func iso(_ instant: Date, _ zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
        return formatter.string(from: instant)
    }
}
