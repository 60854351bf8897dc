import Foundation

/// The end-to-end phase: what was offered, and how the payments it created settled.
struct EndToEndResult {
    let offered: LoadResult
    let created: Int
    let settled: Int
    /// From the first payment's creation to the last one's settlement.
    let spanSeconds: Decimal
    let p50Milliseconds: Int
    let p99Milliseconds: Int

    var settledPerSecond: Int {
        guard spanSeconds > 0 else { return 0 }
        return NSDecimalNumber(decimal: Decimal(settled) / spanSeconds).intValue
    }
}
