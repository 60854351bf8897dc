public import Foundation
public import FX
public import MekongCore
import Synchronization

/// The rate book shared by every request, readable without awaiting.
public final class RateDesk: Sendable {
    private let book: Mutex<RateBook>

    public init(book: RateBook) { self.book = Mutex(book) }

    public func usableRate(provider: String, pair: CurrencyPair, at instant: Date) throws(MekongError) -> (RateSnapshot, Rate) {
        let book = self.book.withLock { $0 }
        return try book.usableRate(provider: provider, pair: pair, at: instant)
    }

    public func inForce(provider: String, at instant: Date) -> RateSnapshot? {
        book.withLock { $0.inForce(provider: provider, at: instant) }
    }

    /// Loads every snapshot in a folder. Sample snapshots are refused unless allowed, and
    /// when allowed are re-stamped as effective at `now`.
    /// - Throws: `ConfigurationError` for the first bad file.
    public static func load(directory: String, allowSample: Bool, now: Date) throws(ConfigurationError) -> [RateSnapshot] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw ConfigurationError(file: directory, field: "(folder)", reason: "cannot be read: \(error.localizedDescription)")
        }
        var snapshots: [RateSnapshot] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (directory as NSString).appendingPathComponent(name)
            var snapshot = try RateSnapshotFile.load(path: path)
            if snapshot.isSample {
                guard allowSample else {
                    throw ConfigurationError(file: path, field: "sample", reason: "sample rates are refused unless fx.allow_sample_rates is true")
                }
                snapshot = snapshot.restamped(effectiveAt: now)
            }
            snapshots.append(snapshot)
        }
        return snapshots
    }
}
