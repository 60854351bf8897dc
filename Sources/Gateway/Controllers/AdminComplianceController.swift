import Compliance
import Foundation
import Hummingbird
import MekongCore
import Store

/// Compliance's routes (role `compliance`; `admin` passes):
/// - `POST /admin/sanctions/lists`: import a list (multipart form: `source` un|ofac|local,
///   `name` for a local list, and the files: `file` for UN XML or local CSV, `sdn` and `alt` for
///   OFAC); it is stored pending;
/// - `POST /admin/sanctions/lists/{id}/approve|reject`: a second compliance key (another
///   client) decides; an approved import is in force at once, on every instance;
/// - `GET /admin/sanctions/lists` (imports), `GET /admin/sanctions/lists/{id}`,
///   `GET /admin/sanctions/in-force` (what this instance screens against, with ages);
/// - `GET /admin/screening/reviews`, `GET /admin/screening/reviews/{payment_id}`,
///   `POST /admin/screening/reviews/{payment_id}/release|reject` (a reason is required);
/// - `GET /admin/velocity` (senders' counters; treasury may read them too);
/// - `GET /admin/compliance/report?date=YYYY-MM-DD` (CSV).
/// Every decision writes its audit row in its own transaction.
struct AdminComplianceController {
    let lists: SanctionsListRepository
    let board: ScreeningBoard
    let reviews: ScreeningReviewRepository
    let desk: ScreeningReviewDesk
    let payments: PaymentRepository
    let velocity: VelocityRepository
    let report: ComplianceReport
    let clock: any WallClock

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("sanctions/lists") { request, context in
            let caller = try RoleGuard.require(context, .compliance)
            let record = try await importList(request, context: context, caller: caller)
            return try JSONResponse.make(.created, SanctionsListView(record, inForce: false))
        }
        group.get("sanctions/lists") { request, context in
            try RoleGuard.require(context, .compliance)
            let query = request.uri.queryParameters
            let status = try Self.status(query, SanctionsListRecord.Status.self, "pending, approved or rejected")
            let inForce = Set(board.lists.map(\.id))
            let page = try await lists.list(status: status, page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(page.map { SanctionsListView($0, inForce: inForce.contains($0.id)) }))
        }
        group.get("sanctions/in-force") { _, context in
            try RoleGuard.require(context, .compliance, .ops)
            let now = clock.now()
            return try JSONResponse.make(.ok, PageView(whole: board.lists.map { ListInForceView($0, maxAge: board.maxAge, now: now) }))
        }
        group.get("sanctions/lists/:id") { _, context in
            try RoleGuard.require(context, .compliance)
            let id = try context.parameters.requireDecoded("id")
            guard let record = try await lists.find(id: id) else { throw APIError(.notFound, "sanctions list '\(id)' does not exist") }
            return try JSONResponse.make(.ok, SanctionsListView(record, inForce: board.lists.contains { $0.id == id }))
        }
        group.post("sanctions/lists/:id/approve") { request, context in
            try await decideList(request, context: context, approve: true)
        }
        group.post("sanctions/lists/:id/reject") { request, context in
            try await decideList(request, context: context, approve: false)
        }
        group.get("screening/reviews") { request, context in
            try RoleGuard.require(context, .compliance)
            let query = request.uri.queryParameters
            let status = try Self.status(query, ScreeningReviewRecord.Status.self, "open, released or rejected")
            let page = try await reviews.list(status: status, page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(page.map { ScreeningReviewView($0, payment: nil) }))
        }
        group.get("screening/reviews/:id") { _, context in
            try RoleGuard.require(context, .compliance)
            let id = try context.parameters.requireDecoded("id")
            guard let review = try await reviews.find(paymentID: id) else { throw APIError(.notFound, "no review of payment '\(id)'") }
            let payment = try await payments.findWithHistory(id: id, clientID: nil).map { PaymentView($0.0, history: $0.1) }
            return try JSONResponse.make(.ok, ScreeningReviewView(review, payment: payment))
        }
        group.post("screening/reviews/:id/release") { request, context in
            try await decideReview(request, context: context, release: true)
        }
        group.post("screening/reviews/:id/reject") { request, context in
            try await decideReview(request, context: context, release: false)
        }
        group.get("velocity") { request, context in
            try RoleGuard.require(context, .compliance, .treasury)
            let query = request.uri.queryParameters
            let client = try query.get("client_id").map { text throws(MekongError) in
                try TextRule.identifier(128).check(text, field: "client_id")
                return text
            }
            let sender = try query.get("sender").map { text throws(MekongError) in
                try TextRule.identifier(64).check(text, field: "sender")
                return text
            }
            let limit = try QueryNumber.bounded(query.get("limit"), name: "limit", default: 100, range: 1...1000)
            let (day, month) = SenderAllowance.periods(at: clock.now())
            let rows = try await velocity.current(day: day, month: month, clientID: client, sender: sender, limit: limit)
            return try JSONResponse.make(.ok, PageView(whole: rows.map(SenderUsageView.init)))
        }
        group.get("compliance/report") { request, context in
            try RoleGuard.require(context, .compliance)
            guard let day = request.uri.queryParameters.get("date") else { throw APIError(.invalidRequest, "query 'date' (YYYY-MM-DD) is required") }
            let csv = try await report.csv(day: day)
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"mekong-compliance-\(day).csv\""],
                body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    /// The `status` query of a list, read as one of `Status`'s values.
    private static func status<Status: RawRepresentable>(_ query: Parameters, _ type: Status.Type, _ values: String) throws -> Status?
    where Status.RawValue == String {
        guard let text = query.get("status") else { return nil }
        guard let status = Status(rawValue: text) else { throw APIError(.invalidRequest, "query 'status' must be \(values)") }
        return status
    }

    private func importList(_ request: Request, context: GatewayContext, caller: Caller) async throws -> SanctionsListRecord {
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) else {
            throw APIError(
                .invalidRequest,
                "send the list as a multipart form (Content-Type: multipart/form-data): source, name (local lists), and file, or sdn and alt (OFAC)")
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let form = try MultipartForm(body: Array(body.readableBytesView), boundary: boundary)
        let allowed: Set<String> = ["source", "name", "published_at", "file", "sdn", "alt"]
        if let unknown = form.parts.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError(.invalidRequest, "the form has an unknown field '\(unknown)' (known: alt, file, name, published_at, sdn, source)")
        }
        guard let source = try form.text("source", .identifier(8)) else { throw APIError(.invalidRequest, "field 'source' is required") }
        let name = try form.text("name", .name(64))
        let now = clock.now()
        // The publisher's date of issue: the UN file states it; for OFAC and local lists the importer does.
        var stated: Date?
        if let text = try form.text("published_at", .identifier(40)) {
            guard let date = RFC3339.date(from: text) ?? RFC3339.date(from: text + "T00:00:00Z"), date <= now else {
                throw APIError(.invalidRequest, "field 'published_at' must be a date or time not in the future, such as 2026-12-01")
            }
            stated = date
        }
        let upload = try SanctionsUpload.read(source: source, name: name, files: form.parts)
        let record = SanctionsListRecord(
            id: Identifier.make("sl", at: now), listName: upload.name, source: upload.list.source.rawValue,
            publishedAt: upload.list.publishedAt ?? stated,
            entryCount: upload.list.entries.count, sha256: upload.sha256, status: .pending, uploadedBy: caller.keyID,
            uploadedClient: caller.clientID, uploadedAt: now)
        let entries = String(decoding: try JSONEncoder().encode(upload.list.entries), as: UTF8.self)
        try await lists.insert(record, entries: entries, sourceAddress: context.remoteAddress)
        return record
    }

    private func decideList(_ request: Request, context: GatewayContext, approve: Bool) async throws -> Response {
        let caller = try RoleGuard.require(context, .compliance)
        let id = try context.parameters.requireDecoded("id")
        let body = try await JSONObject.readIfAny(request, context: context)
        try body.allowOnly(approve ? ["note"] : ["reason"])
        let note = approve ? try body.string("note", .note(500)) : try body.requiredString("reason", .note(500))
        switch try await lists.decide(
            id: id, approve: approve, keyID: caller.keyID, clientID: caller.clientID, note: note, at: clock.now(),
            sourceAddress: context.remoteAddress)
        {
        case .decided(let record):
            return try JSONResponse.make(.ok, SanctionsListView(record, inForce: false))
        case .notFound:
            throw APIError(.notFound, "sanctions list '\(id)' does not exist")
        case .notPending(let status):
            throw APIError(.stateConflict, "\(id) is already \(status.rawValue)", details: ["status": status.rawValue])
        case .sameMaker:
            throw APIError(
                .secondPersonRequired, "\(id) was imported by this key's client; a second compliance key, held by someone else, must approve it")
        }
    }

    private func decideReview(_ request: Request, context: GatewayContext, release: Bool) async throws -> Response {
        let caller = try RoleGuard.require(context, .compliance)
        let id = try context.parameters.requireDecoded("id")
        let body = try await JSONObject.readIfAny(request, context: context)
        try body.allowOnly(["reason"])
        let reason = try body.requiredString("reason", .note(500))
        guard !reason.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw APIError(.invalidRequest, "field 'reason' must say why: it is kept in the audit trail")
        }
        let decided = try await desk.decide(paymentID: id, release: release, reason: reason, caller: caller, sourceAddress: context.remoteAddress)
        let payment = try await payments.findWithHistory(id: id, clientID: nil).map { PaymentView($0.0, history: $0.1) }
        return try JSONResponse.make(.ok, ScreeningReviewView(decided, payment: payment))
    }
}
