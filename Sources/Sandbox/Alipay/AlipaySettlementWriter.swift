import Foundation

/// Alipay's settlement file (inbound): JSON Lines, `{"out_trade_no","settle_amount":"10.00",
/// "settle_currency":"USD","payee","gmt_settle","fee_amount"}`, times `yyyy-MM-dd HH:mm:ss` in
/// Asia/Shanghai: the remittances it sent and Mekong accepted.
struct AlipaySettlementWriter: SandboxSettlementWriter {
    let corridor = "KH-CN"
    let timeZone = TimeZone(identifier: "Asia/Shanghai")!
    let feeMinor: Int64 = 50
    let header: String? = nil
    let contentType = "application/x-ndjson"

    func row(_ t: SandboxTransfer, minor: Int64, fee: Int64) -> String {
        #"{"out_trade_no":"\#(t.instructionID)","settle_amount":"\#(decimal(minor))","settle_currency":"\#(t.currency)","payee":"\#(t.creditorAccount)","gmt_settle":"\#(local(t.receivedAt))","fee_amount":"\#(decimal(fee))"}"#
    }
}
