public import Foundation
public import FX
public import MekongCore
import Store
import Synchronization

/// The rate book shared by every request, readable without awaiting: the snapshots loaded
/// from `rates/` at start-up, plus those treasury uploaded and a second key approved (re-read
/// from PostgreSQL by the `LiveStateRefresher`, and added at once on the approving instance).
public final class RateDesk: Sendable {
    private let book: Mutex<RateBook>
    private let fromFiles: [RateSnapshot]

    public init(book: RateBook) {
        self.book = Mutex(book)
        fromFiles = book.snapshots.values.flatMap { $0 }
    }

    /// Replaces the approved snapshots from the database. The files' stay, except sample
    /// snapshots of a provider with an approved snapshot in force at `now` (a sample is
    /// re-stamped at each start-up and would otherwise overtake real rates after a restart).
    func replaceApproved(_ approved: [RateSnapshot], now: Date) {
        let providers = Set(approved.filter { $0.effectiveAt <= now }.map(\.provider))
        let files = fromFiles.filter { !($0.isSample && providers.contains($0.provider)) }
        book.withLock { book in
            book = RateBook(snapshots: files + approved, maxAge: book.maxAge, defaultMaxAge: book.defaultMaxAge)
        }
    }

    /// Adds one just-approved snapshot.
    func add(_ snapshot: RateSnapshot) {
        book.withLock { $0.add(snapshot) }
    }

    /// The snapshots loaded from `rates/` at start-up.
    var fileSnapshots: [RateSnapshot] { fromFiles }

    /// The maximum age of a provider's snapshots.
    func maximumAge(provider: String) -> TimeInterval { book.withLock { $0.maximumAge(provider: provider) } }

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

extension RateDesk {
    /// A stored snapshot as the rate book holds it (its rates were validated on upload).
    static func snapshot(_ record: RateSnapshotRecord) -> RateSnapshot {
        var rates: [CurrencyPair: Rate] = [:]
        for (pair, text) in record.rates {
            if let pair = CurrencyPair(parsing: pair), let rate = try? Rate(parsing: text) { rates[pair] = rate }
        }
        return RateSnapshot(provider: record.provider, effectiveAt: record.effectiveAt, rates: rates, isSample: false)
    }
}
