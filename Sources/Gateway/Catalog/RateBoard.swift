public import FX
public import Foundation
public import MekongCore
import Store
import Synchronization

/// The rate book shared by every request, readable without awaiting: the snapshots loaded
/// from `rates/` at start-up, plus those treasury uploaded and a second key approved (re-read
/// from PostgreSQL by the `LiveStateRefresher`, and added at once on the approving instance).
public final class RateBoard: Sendable {
    /// The book, and how many snapshots were added to it one by one (so that a refresh read
    /// before an addition does not undo it).
    private let state: Mutex<(book: RateBook, additions: Int)>
    private let fromFiles: [RateSnapshot]

    public init(book: RateBook) {
        state = Mutex((book, 0))
        fromFiles = book.snapshots.values.flatMap { $0 }
    }

    /// How many snapshots have been added one by one so far; read it before reading the
    /// database for `replaceApproved`.
    var additions: Int { state.withLock { $0.additions } }

    /// Replaces the approved snapshots from the database, unless a snapshot was added since
    /// `additionsBefore` (the database was read before it committed; the next refresh has it).
    /// The files' snapshots stay, except sample snapshots of a provider with an approved
    /// snapshot in force at `now` (a sample is re-stamped at each start-up and would otherwise
    /// overtake real rates after a restart). Returns whether it replaced them.
    @discardableResult
    func replaceApproved(_ approved: [RateSnapshot], now: Date, additionsBefore: Int) -> Bool {
        let providers = Set(approved.filter { $0.effectiveAt <= now }.map(\.provider))
        let files = fromFiles.filter { !($0.isSample && providers.contains($0.provider)) }
        return state.withLock { state in
            guard state.additions == additionsBefore else { return false }
            state.book = RateBook(snapshots: files + approved, maxAge: state.book.maxAge, defaultMaxAge: state.book.defaultMaxAge)
            return true
        }
    }

    /// Adds one just-approved snapshot.
    func add(_ snapshot: RateSnapshot) {
        state.withLock { state in
            state.book.add(snapshot)
            state.additions += 1
        }
    }

    /// The snapshots loaded from `rates/` at start-up.
    var fileSnapshots: [RateSnapshot] { fromFiles }

    /// The maximum age of a provider's snapshots.
    func maximumAge(provider: String) -> TimeInterval { state.withLock { $0.book.maximumAge(provider: provider) } }

    public func usableRate(provider: String, pair: CurrencyPair, at instant: Date) throws(MekongError) -> (RateSnapshot, Rate) {
        let book = state.withLock { $0.book }
        return try book.usableRate(provider: provider, pair: pair, at: instant)
    }

    public func inForce(provider: String, at instant: Date) -> RateSnapshot? {
        state.withLock { $0.book.inForce(provider: provider, at: instant) }
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

extension RateBoard {
    /// A stored snapshot as the rate book holds it (its rates were validated on upload).
    static func snapshot(_ record: RateSnapshotRecord) -> RateSnapshot {
        var rates: [CurrencyPair: Rate] = [:]
        for (pair, text) in record.rates {
            if let pair = CurrencyPair(parsing: pair), let rate = try? Rate(parsing: text) { rates[pair] = rate }
        }
        return RateSnapshot(provider: record.provider, effectiveAt: record.effectiveAt, rates: rates, isSample: false)
    }
}
