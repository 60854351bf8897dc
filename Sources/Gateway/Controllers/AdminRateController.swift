import FX
import Foundation
import Hummingbird
import MekongCore
import Store

/// Treasury's rate tables under maker-checker:
/// - `POST /admin/rates`: upload a snapshot as YAML (the format of `rates/`) or CSV; it is
///   stored pending, with its diff against the snapshot in force;
/// - `POST /admin/rates/{id}/approve`: a second treasury key (another client) approves it, and
///   it takes effect at its effective time (at once if that has passed);
/// - `POST /admin/rates/{id}/reject`, `GET /admin/rates`, `GET /admin/rates/{id}`,
///   `GET /admin/rates/{id}/diff`, and `GET /admin/rates/history` (what was in force when).
/// Every decision writes its audit row in its own transaction.
struct AdminRateController {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let snapshots: RateSnapshotRepository
    let largeMoveBasisPoints: Int
    let clock: any WallClock

    struct HistoryEntry: Encodable {
        let id: String
        let provider: String
        let effectiveAt: String
        let inForceFrom: String
        /// When the next snapshot took over; null while in force.
        let inForceUntil: String?
        let source: String
        let uploadedBy: String?
        let approvedBy: String?
    }

    static let yamlTypes: Set<String> = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"]

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("rates") { request, context in
            let caller = try RoleGuard.require(context, .treasury)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let mediaType =
                request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            let format: String
            if mediaType == "text/csv" {
                format = "csv"
            } else if Self.yamlTypes.contains(mediaType) {
                format = "yaml"
            } else {
                throw APIError(
                    .invalidRequest, "send the snapshot as YAML (Content-Type: application/yaml) or CSV (Content-Type: text/csv), not '\(mediaType)'")
            }
            let text: String
            switch TextRule.file(buffer.readableBytesView) {
            case .success(let checked) where !checked.isEmpty: text = checked
            case .success: throw APIError(.invalidRequest, "the request body must be a UTF-8 \(format.uppercased()) rate snapshot")
            case .failure(let fault): throw APIError(.invalidRequest, "the \(format.uppercased()) rate snapshot: \(fault.message)")
            }
            let snapshot: RateSnapshot
            do throws(ConfigurationError) {
                snapshot = format == "csv" ? try RateSnapshotCSV.parse(text, file: "upload") : try RateSnapshotFile.parse(text, file: "upload")
            } catch {
                throw APIError(.invalidRequest, "\(error.field): \(error.reason)", details: ["field": error.field])
            }
            guard !snapshot.isSample else { throw APIError(.invalidRequest, "sample: sample snapshots load only from rates/ in development") }
            let providers = Set(catalog.entries.compactMap(\.spec.fxProvider))
            guard providers.contains(snapshot.provider) else {
                throw APIError(
                    .invalidRequest,
                    "provider: '\(snapshot.provider)' is no corridor's FX provider (known: \(providers.sorted().joined(separator: ", ")))")
            }
            if let latest = try await latestApproved(provider: snapshot.provider, before: .distantFuture), latest.effectiveAt >= snapshot.effectiveAt
            {
                throw APIError(
                    .stateConflict, "effective_at must be later than \(latest.id), the latest approved \(snapshot.provider) snapshot",
                    details: ["latest": latest.id])
            }
            let now = clock.now()
            let record = RateSnapshotRecord(
                id: snapshot.id, provider: snapshot.provider, effectiveAt: snapshot.effectiveAt,
                rates: Dictionary(uniqueKeysWithValues: snapshot.rates.map { ($0.key.description, $0.value.decimalString) }),
                status: .pending, sourceFormat: format, uploadedBy: caller.keyID, uploadedClient: caller.clientID, uploadedAt: now)
            guard try await snapshots.insert(record, sourceAddress: context.remoteAddress) else {
                throw APIError(
                    .stateConflict,
                    "a \(snapshot.provider) snapshot effective at \(RFC3339.string(from: snapshot.effectiveAt)) was already uploaded (\(snapshot.id))"
                )
            }
            return try JSONResponse.make(.created, RateSnapshotView(record, diff: try await diff(record)))
        }
        group.get("rates") { request, context in
            try RoleGuard.require(context, .treasury, .ops)
            let query = request.uri.queryParameters
            let status = try QueryChoice.read(query.get("status"), name: "status", as: RateSnapshotRecord.Status.self)
            let records = try await snapshots.list(status: status, provider: query.get("provider"), page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(records.map { RateSnapshotView($0, diff: nil) }))
        }
        group.get("rates/history") { request, context in
            try RoleGuard.require(context, .treasury, .ops)
            let provider = request.uri.queryParameters.get("provider")
            let page = try PageQuery.read(request.uri.queryParameters)
            return try JSONResponse.make(.ok, PageView(try await history(provider: provider, page: page)))
        }
        group.get("rates/:id") { _, context in
            try RoleGuard.require(context, .treasury, .ops)
            let record = try await find(try context.parameters.requireDecoded("id"))
            return try JSONResponse.make(.ok, RateSnapshotView(record, diff: try await diff(record)))
        }
        group.get("rates/:id/diff") { _, context in
            try RoleGuard.require(context, .treasury, .ops)
            let record = try await find(try context.parameters.requireDecoded("id"))
            return try JSONResponse.make(.ok, try await diff(record))
        }
        group.post("rates/:id/approve") { request, context in
            try await decide(request, context: context, approve: true)
        }
        group.post("rates/:id/reject") { request, context in
            try await decide(request, context: context, approve: false)
        }
    }

    private func decide(_ request: Request, context: GatewayContext, approve: Bool) async throws -> Response {
        let caller = try RoleGuard.require(context, .treasury)
        let id = try context.parameters.requireDecoded("id")
        let body = try await JSONObject.readIfAny(request, context: context)
        try body.allowOnly(approve ? ["note"] : ["reason"])
        let note = approve ? try body.string("note", .note(500)) : try body.requiredString("reason", .note(500))
        let now = clock.now()
        if approve, let record = try await snapshots.find(id: id), record.status == .pending,
            let file = rates.fileSnapshots.filter({ $0.provider == record.provider }).max(by: { $0.effectiveAt < $1.effectiveAt }),
            file.effectiveAt >= record.effectiveAt
        {
            throw APIError(.stateConflict, "\(id) is overtaken by \(file.id), loaded from rates/", details: ["superseded_by": file.id])
        }
        switch try await snapshots.decide(
            id: id, approve: approve, keyID: caller.keyID, clientID: caller.clientID, note: note,
            at: now, sourceAddress: context.remoteAddress)
        {
        case .notFound:
            throw APIError(.notFound, "rate snapshot '\(id)' does not exist")
        case .notPending(let status):
            throw APIError(.stateConflict, "\(id) is already \(status.rawValue)", details: ["status": status.rawValue])
        case .sameMaker:
            throw APIError(
                .secondPersonRequired, "\(id) was uploaded by this key's client; a second treasury key, held by someone else, must approve it")
        case .superseded(let later):
            throw APIError(.stateConflict, "\(id) is overtaken by \(later), already approved", details: ["superseded_by": later])
        case .decided(let record):
            if record.status == .approved { rates.add(RateBoard.snapshot(record)) }
            return try JSONResponse.make(.ok, RateSnapshotView(record, diff: try await diff(record)))
        }
    }

    private func find(_ id: String) async throws -> RateSnapshotRecord {
        guard let record = try await snapshots.find(id: id) else { throw APIError(.notFound, "rate snapshot '\(id)' does not exist") }
        return record
    }

    /// The latest approved snapshot of a provider before `instant`, from rates/ or the database.
    private func latestApproved(provider: String, before instant: Date) async throws -> RateSnapshot? {
        let stored = try await snapshots.latestApproved(provider: provider, before: instant).map(RateBoard.snapshot)
        let file = rates.fileSnapshots.filter { $0.provider == provider && $0.effectiveAt < instant }.max { $0.effectiveAt < $1.effectiveAt }
        return [stored, file].compactMap { $0 }.max { $0.effectiveAt < $1.effectiveAt }
    }

    /// The diff against the snapshot in force just before this one's effective time, with a
    /// warning when the snapshot would already be past its provider's maximum age.
    private func diff(_ record: RateSnapshotRecord) async throws -> RateSnapshotView.DiffView {
        let candidate = RateBoard.snapshot(record)
        let baseline = try await latestApproved(provider: record.provider, before: record.effectiveAt)
        var extra: [String] = []
        let now = clock.now()
        let limit = rates.maximumAge(provider: record.provider)
        if record.status != .rejected, candidate.age(at: now) > limit {
            extra.append(
                "\(record.id) is already older than the \(record.provider) maximum age of \(Int(limit)) s: quotes priced from it are refused with 3003"
            )
        }
        return RateSnapshotView.DiffView(
            RateSnapshotDiff(candidate: candidate, baseline: baseline, thresholdBasisPoints: largeMoveBasisPoints),
            extraWarnings: extra)
    }

    /// Approved snapshots and those from rates/, each with the span it was in force, latest
    /// first. The spans need every snapshot of the provider, so the page is cut in memory.
    private func history(provider: String?, page: PageRequest) async throws -> Page<HistoryEntry> {
        struct Item {
            let id, provider: String
            let effectiveAt, from: Date
            let source: String
            let uploadedBy, approvedBy: String?
        }
        var items = try await snapshots.approved(provider: provider, limit: 100_000).map {
            Item(
                id: $0.id, provider: $0.provider, effectiveAt: $0.effectiveAt, from: $0.inForceFrom ?? $0.effectiveAt, source: $0.sourceFormat,
                uploadedBy: $0.uploadedBy, approvedBy: $0.decidedBy)
        }
        items += rates.fileSnapshots.filter { provider == nil || $0.provider == provider }.map {
            Item(
                id: $0.id, provider: $0.provider, effectiveAt: $0.effectiveAt, from: $0.effectiveAt,
                source: $0.isSample ? "rates/ (sample)" : "rates/", uploadedBy: nil, approvedBy: nil)
        }
        var entries: [(entry: HistoryEntry, cursor: PageCursor)] = []
        for (_, list) in Dictionary(grouping: items, by: \.provider).sorted(by: { $0.key < $1.key }) {
            let ordered = list.sorted { $0.effectiveAt < $1.effectiveAt }
            for (index, item) in ordered.enumerated() {
                let next = ordered.dropFirst(index + 1).first
                entries.append(
                    (
                        HistoryEntry(
                            id: item.id, provider: item.provider, effectiveAt: RFC3339.string(from: item.effectiveAt),
                            inForceFrom: RFC3339.string(from: item.from),
                            inForceUntil: next.map { RFC3339.string(from: $0.from) }, source: item.source,
                            uploadedBy: item.uploadedBy, approvedBy: item.approvedBy),
                        PageCursor(at: item.from, id: item.id)
                    ))
            }
        }
        let newestFirst = entries.sorted { ($0.cursor.micros, $0.cursor.id) > ($1.cursor.micros, $1.cursor.id) }
        let after = page.after.map { after in newestFirst.filter { ($0.cursor.micros, $0.cursor.id) < (after.micros, after.id) } } ?? newestFirst
        return Page(reading: Array(after.prefix(page.readLimit)), limit: page.limit, cursor: \.cursor).map(\.entry)
    }
}
