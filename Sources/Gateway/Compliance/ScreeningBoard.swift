import Compliance
import Foundation
import Logging
import MekongCore
import Store
import Synchronization

/// The sanctions lists this instance screens against, each with its index: the files loaded at
/// start-up, replaced name by name by the latest approved import (re-read by the live-state
/// refresher, so an approval reaches every instance within `ops.refresh_ms`).
final class ScreeningBoard: Sendable {
    private let state: Mutex<[ListInForce]>
    private let files: [ListInForce]
    /// A possible match scores at least this (0.90 by default).
    let threshold: Double
    /// A list older than this is flagged on the board and in metrics.
    let maxAge: TimeInterval

    init(files: [ListInForce], threshold: Double, maxAge: TimeInterval) {
        self.files = files
        self.state = Mutex(files)
        self.threshold = threshold
        self.maxAge = maxAge
    }

    var lists: [ListInForce] { state.withLock { $0 } }

    /// Screens one party against every list in force; the hits, best first.
    func screen(_ subject: ScreeningSubject) -> [(list: ListInForce, hit: ScreeningHit)] {
        let lists = self.lists
        var hits: [(list: ListInForce, hit: ScreeningHit)] = []
        for list in lists {
            for hit in list.index.screen(subject, threshold: threshold) { hits.append((list, hit)) }
        }
        return hits.sorted { $0.hit.score > $1.hit.score }
    }

    /// Re-reads the approved imports; rebuilds the index of a list whose import changed.
    func refresh(from repository: SanctionsListRepository, logger: Logger) async throws {
        let approved = try await repository.inForce()
        let current = lists
        var next = files.filter { file in !approved.contains { $0.listName == file.name } }
        for record in approved {
            if let kept = current.first(where: { $0.id == record.id }) {
                next.append(kept)
                continue
            }
            guard let json = try await repository.entries(id: record.id) else { continue }
            let entries = try JSONDecoder().decode([SanctionsEntry].self, from: Data(json.utf8))
            next.append(
                ListInForce(
                    name: record.listName, source: SanctionsList.Source(rawValue: record.source) ?? .local, id: record.id,
                    publishedAt: record.publishedAt, inForceSince: record.decidedAt ?? record.uploadedAt, index: ScreeningIndex(entries: entries)))
            logger.info("sanctions list in force", metadata: ["list": "\(record.listName)", "import": "\(record.id)", "entries": "\(entries.count)"])
        }
        next.sort { $0.name < $1.name }
        state.withLock { $0 = next }
    }

    /// Loads every list in `directory`: `*.xml` is a UN list, a `*sdn*.csv` with its `*alt*.csv`
    /// is OFAC's, any other `*.csv` is a local list named after its file.
    static func loadFiles(directory: String, now: Date) throws(ConfigurationError) -> [ListInForce] {
        guard !directory.isEmpty else { return [] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw ConfigurationError(file: directory, field: "(folder)", reason: "cannot be read: \(error.localizedDescription)")
        }
        func bytes(_ name: String) throws(ConfigurationError) -> [UInt8] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError(file: path, field: "(file)", reason: "cannot be read")
            }
            return Array(data)
        }
        var lists: [ListInForce] = []
        func add(_ source: String, _ name: String?, _ files: [String: [UInt8]], _ path: String) throws(ConfigurationError) {
            do throws(MekongError) {
                let upload = try SanctionsUpload.read(source: source, name: name, files: files)
                lists.append(
                    ListInForce(
                        name: upload.name, source: upload.list.source, id: "file:\(path)", publishedAt: upload.list.publishedAt,
                        inForceSince: now, index: ScreeningIndex(entries: upload.list.entries)))
            } catch {
                throw ConfigurationError(file: (directory as NSString).appendingPathComponent(path), field: "(file)", reason: error.message)
            }
        }
        for name in names where name.hasSuffix(".xml") { try add("un", nil, ["file": try bytes(name)], name) }
        let csvs = names.filter { $0.hasSuffix(".csv") }
        if let sdn = csvs.first(where: { $0.contains("sdn") }) {
            guard let alt = csvs.first(where: { $0.contains("alt") }) else {
                throw ConfigurationError(file: directory, field: sdn, reason: "OFAC's SDN file needs its alias file (a *alt*.csv) beside it")
            }
            try add("ofac", nil, ["sdn": try bytes(sdn), "alt": try bytes(alt)], sdn)
        }
        for name in csvs where !name.contains("sdn") && !name.contains("alt") {
            try add("local", String(name.dropLast(4)), ["file": try bytes(name)], name)
        }
        return lists
    }
}
