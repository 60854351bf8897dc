import Foundation
import MekongCore

/// Keeps Mekong's calls to one partner under the corridor's `max_requests_per_second`.
actor RequestPacer {
    private var bucket: TokenBucket

    init(ratePerSecond: Int) {
        bucket = TokenBucket(ratePerSecond: ratePerSecond, nowNanoseconds: Self.now())
    }

    /// Waits until this request may leave.
    func admit() async {
        let wait = bucket.reserve(atNanoseconds: Self.now())
        if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait)) }
    }

    private static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }
}
