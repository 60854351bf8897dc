public import Foundation
public import MekongCore

/// The snapshots in force, per provider, with each provider's maximum age.
///
/// The snapshot in force for a provider at an instant is the one with the latest
/// `effectiveAt` not after that instant. Past `maxAge` it is stale and quotes are
/// refused with 3003.
public struct RateBook: Sendable {
    public private(set) var snapshots: [String: [RateSnapshot]]
    public let maxAge: [String: TimeInterval]
    public let defaultMaxAge: TimeInterval

    public init(snapshots: [RateSnapshot], maxAge: [String: TimeInterval], defaultMaxAge: TimeInterval) {
        self.snapshots = Dictionary(grouping: snapshots, by: \.provider).mapValues { $0.sorted { $0.effectiveAt < $1.effectiveAt } }
        self.maxAge = maxAge
        self.defaultMaxAge = defaultMaxAge
    }

    /// Adds a snapshot (keeping the per-provider order).
    public mutating func add(_ snapshot: RateSnapshot) {
        var list = snapshots[snapshot.provider, default: []].filter { $0.id != snapshot.id }
        list.append(snapshot)
        list.sort { $0.effectiveAt < $1.effectiveAt }
        snapshots[snapshot.provider] = list
    }

    /// The snapshot in force for `provider` at `instant`, stale or not.
    public func inForce(provider: String, at instant: Date) -> RateSnapshot? {
        snapshots[provider]?.last { $0.effectiveAt <= instant }
    }

    /// A snapshot by id.
    public func snapshot(id: String) -> RateSnapshot? {
        for list in snapshots.values { if let found = list.first(where: { $0.id == id }) { return found } }
        return nil
    }

    /// The maximum age for a provider's snapshots.
    public func maximumAge(provider: String) -> TimeInterval { maxAge[provider] ?? defaultMaxAge }

    /// The usable rate for `pair` from `provider` at `instant`.
    /// - Throws: `MekongError` 3003 when there is no snapshot, it is stale, or it lacks the pair.
    public func usableRate(provider: String, pair: CurrencyPair, at instant: Date) throws(MekongError) -> (RateSnapshot, Rate) {
        guard let snapshot = inForce(provider: provider, at: instant) else {
            throw MekongError(.fxRateUnavailable, "no \(provider) rate snapshot is in force")
        }
        let limit = maximumAge(provider: provider)
        guard snapshot.age(at: instant) <= limit else {
            throw MekongError(
                .fxRateUnavailable, "the \(provider) snapshot \(snapshot.id) is older than its maximum age of \(Int(limit)) s",
                details: ["snapshot_id": snapshot.id])
        }
        guard let rate = snapshot.rate(for: pair) else {
            throw MekongError(
                .fxRateUnavailable, "the \(provider) snapshot \(snapshot.id) has no \(pair) rate",
                details: ["snapshot_id": snapshot.id])
        }
        return (snapshot, rate)
    }
}
