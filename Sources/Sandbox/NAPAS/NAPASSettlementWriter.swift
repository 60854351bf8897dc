import Foundation

/// NAPAS's settlement file: JSON Lines, `{"requestId","amount" (VND, a number),"currency":"704",
/// "beneficiary","settledAtMs","fee"}`, times in UTC milliseconds.
struct NAPASSettlementWriter: SandboxSettlementWriter {
    let corridor = "KH-VN"
    let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
    let feeMinor: Int64 = 0
    let header: String? = nil
    let contentType = "application/x-ndjson"

    /// The ledger holds whole dong (VND has no minor unit).
    func minor(_ amount: String) -> Int64 { Int64(amount) ?? 0 }

    func row(_ t: SandboxTransfer, minor: Int64, fee: Int64) -> String {
        #"{"requestId":"\#(t.instructionID)","amount":\#(minor),"currency":"704","beneficiary":"\#(t.creditorAccount)","settledAtMs":\#(Int64(t.receivedAt.timeIntervalSince1970 * 1000)),"fee":\#(fee)}"#
    }
}
