import Foundation

/// How one simulated partner writes its daily settlement file from its own ledger, in its own
/// format, for its own business day in its own time zone. Each partner's folder holds its
/// writer; `SandboxPartners` lists them.
protocol SandboxSettlementWriter: Sendable {
    var corridor: String { get }
    var timeZone: TimeZone { get }
    /// The fee the partner charges per transfer, in minor units.
    var feeMinor: Int64 { get }
    var header: String? { get }
    /// `text/csv` or `application/x-ndjson`.
    var contentType: String { get }
    /// One settled transfer's line; `minor` and `fee` in minor units.
    func row(_ transfer: SandboxTransfer, minor: Int64, fee: Int64) -> String
    /// A ledger amount in minor units.
    func minor(_ amount: String) -> Int64
}

extension SandboxSettlementWriter {
    /// A ledger amount with two decimals ("340.78") in minor units.
    func minor(_ amount: String) -> Int64 {
        let parts = amount.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int64(parts[0]) ?? 0
        let fraction = parts.count > 1 ? String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        return whole * 100 + (Int64(fraction) ?? 0)
    }

    /// Minor units as a decimal with two places.
    func decimal(_ minor: Int64) -> String {
        let fraction = String(minor % 100)
        return "\(minor / 100).\(String(repeating: "0", count: 2 - fraction.count))\(fraction)"
    }

    /// `yyyy-MM-dd HH:mm:ss` in the writer's time zone.
    func local(_ instant: Date) -> String { format(instant, "yyyy-MM-dd HH:mm:ss") }

    /// ISO 8601 with the writer's offset.
    func iso(_ instant: Date) -> String { format(instant, "yyyy-MM-dd'T'HH:mm:ssxxx") }

    private func format(_ instant: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: instant)
    }
}
