import Foundation

/// LAPNet's settlement file (the KH-LA pilot): `|`-separated,
/// `TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|VALUE_TIME_LAO|FEE_LAK`, amounts in kip with two
/// decimals, times `yyyy-MM-dd HH:mm:ss` in Asia/Vientiane.
struct LAPNetSettlementWriter: SandboxSettlementWriter {
    let corridor = "KH-LA"
    let timeZone = TimeZone(identifier: "Asia/Vientiane")!
    let feeMinor: Int64 = 0
    let header: String? = "TXN_ID|AMOUNT_LAK|CCY|RECEIVER_ACCOUNT|VALUE_TIME_LAO|FEE_LAK"
    let contentType = "text/csv"

    func row(_ t: SandboxTransfer, minor: Int64, fee: Int64) -> String {
        "\(t.instructionID)|\(decimal(minor))|LAK|\(t.creditorAccount)|\(local(t.receivedAt))|\(decimal(fee))"
    }
}
