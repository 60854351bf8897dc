import Foundation

/// PromptPay's settlement file: CSV `txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb`,
/// amounts in baht with two decimals, times `yyyy-MM-dd HH:mm:ss` in Asia/Bangkok.
struct PromptPaySettlementWriter: SandboxSettlementWriter {
    let corridor = "KH-TH"
    let timeZone = TimeZone(identifier: "Asia/Bangkok")!
    let feeMinor: Int64 = 500
    let header: String? = "txn_ref,amount_thb,currency,counterparty,settled_at_ict,fee_thb"
    let contentType = "text/csv"

    func row(_ t: SandboxTransfer, minor: Int64, fee: Int64) -> String {
        "\(t.instructionID),\(decimal(minor)),THB,\(t.creditorAccount),\(local(t.receivedAt)),\(decimal(fee))"
    }
}
