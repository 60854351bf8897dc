import Foundation
import MekongCore

/// Keeps Mekong's calls to one partner under the corridor's `max_requests_per_second`.
actor RequestPacer {
    private var bucket: TokenBucket
    private let start = ContinuousClock.now

    init(ratePerSecond: Int) {
        bucket = TokenBucket(ratePerSecond: ratePerSecond, now: 0)
    }

    /// Waits until this request may leave.
    func admit() async {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let wait = bucket.reserve(at: seconds)
        if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
    }
}
