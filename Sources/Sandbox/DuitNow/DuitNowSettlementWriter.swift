import Foundation

/// DuitNow's settlement file: CSV with `;`, `EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen`,
/// amounts in sen (minor units), times ISO 8601 with +08:00.
struct DuitNowSettlementWriter: SandboxSettlementWriter {
    let corridor = "KH-MY"
    let timeZone = TimeZone(identifier: "Asia/Kuala_Lumpur")!
    let feeMinor: Int64 = 100
    let header: String? = "EndToEndId;SttlmAmtSen;Ccy;CdtrAcct;SttlmDtTm;FeeSen"
    let contentType = "text/csv"

    func row(_ t: SandboxTransfer, minor: Int64, fee: Int64) -> String {
        "\(t.instructionID);\(minor);MYR;\(t.creditorAccount);\(iso(t.receivedAt));\(fee)"
    }
}
