import Foundation
import HTTPTypes
import Hummingbird
import MekongCore
import Store

/// Daily reconciliation over the admin API (ops or treasury keys):
/// `POST /admin/reconciliations?corridor=KH-MY&date=2026-11-21` with the partner's file as the
/// body (streamed), `GET /admin/reconciliations` (runs), `GET /admin/reconciliations/{id}`
/// (the report; `?format=csv` for CSV), `GET …/{id}/exceptions`, and
/// `POST /admin/reconciliations/exceptions/{id}/resolve` with a note (audited).
struct AdminReconciliationController {
    let desk: ReconciliationRunner
    let runs: ReconciliationRepository
    let clock: any WallClock

    struct RunView: Encodable {
        let id: String
        let corridor: String
        let businessDate: String
        let status: String
        let rows: Int
        let fileSha256: String
        let createdBy: String
        let createdAt: String

        init(_ r: ReconciliationRun) {
            id = r.id
            corridor = r.corridorID
            businessDate = r.businessDate
            status = r.status
            rows = r.rows
            fileSha256 = r.fileSHA256
            createdBy = r.createdBy
            createdAt = RFC3339.string(from: r.createdAt)
        }
    }
    struct ExceptionView: Encodable {
        let id: String
        let reconciliationId: String
        let `class`: String
        let reference: String
        let paymentId: String?
        let detail: String
        let status: String
        let note: String?
        let resolvedBy: String?
        let resolvedAt: String?

        init(_ e: ReconciliationException) {
            id = e.id
            reconciliationId = e.runID
            `class` = e.reconciliationClass
            reference = e.reference
            paymentId = e.paymentID
            detail = e.detail
            status = e.status
            note = e.note
            resolvedBy = e.resolvedBy
            resolvedAt = e.resolvedAt.map(RFC3339.string(from:))
        }
    }

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("reconciliations") { request, context in
            let caller = try RoleGuard.require(context, .ops, .treasury)
            let query = request.uri.queryParameters
            guard let corridor = query.get("corridor") else { throw APIError(.invalidRequest, "query 'corridor' is required, e.g. KH-MY") }
            guard let date = query.get("date") else { throw APIError(.invalidRequest, "query 'date' is required, e.g. 2026-11-21") }
            let outcome = try await desk.reconcile(
                corridorID: corridor, businessDate: date, actor: caller.keyID,
                lines: BodyLines(body: request.body, maximumLine: 4096))
            return Response(
                status: outcome.replayed ? .ok : .created,
                headers: [.contentType: "application/json", HTTPField.Name("Mekong-Replayed")!: outcome.replayed ? "true" : "false"],
                body: .init(byteBuffer: ByteBuffer(string: outcome.run.report)))
        }
        group.get("reconciliations") { request, context in
            try RoleGuard.require(context, .ops, .treasury)
            let query = request.uri.queryParameters
            let page = try PageQuery.read(query)
            let date = query.get("date").flatMap { $0.isEmpty ? nil : $0 }
            if let date, ReconciliationEngine.businessDay(date) == nil {
                throw APIError(.invalidRequest, "query 'date' must be a business day, YYYY-MM-DD")
            }
            let corridor = query.get("corridor").flatMap { $0.isEmpty ? nil : $0 }
            let list = try await runs.list(corridorID: corridor, businessDate: date, page: page)
            return try JSONResponse.make(.ok, PageView(list.map(RunView.init)))
        }
        group.get("reconciliations/:id") { request, context in
            try RoleGuard.require(context, .ops, .treasury)
            let run = try await find(context)
            if request.uri.queryParameters.get("format") == "csv" {
                let report = try JSONDecoder.snakeCase.decode(ReconciliationReport.self, from: Data(run.report.utf8))
                return Response(status: .ok, headers: [.contentType: "text/csv"], body: .init(byteBuffer: ByteBuffer(string: report.csv)))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: run.report)))
        }
        group.get("reconciliations/:id/exceptions") { request, context in
            try RoleGuard.require(context, .ops, .treasury)
            let run = try await find(context)
            let query = request.uri.queryParameters
            let list = try await runs.exceptions(
                runID: run.id, status: query.get("status"), reconciliationClass: query.get("class"),
                page: try PageQuery.read(query))
            return try JSONResponse.make(.ok, PageView(list.map(ExceptionView.init)))
        }
        group.post("reconciliations/exceptions/:id/resolve") { request, context in
            let caller = try RoleGuard.require(context, .ops, .treasury)
            let id = try context.parameters.requireDecoded("id")
            let (body, _) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["note"])
            let note = try body.requiredString("note", .note(1000))
            guard let resolved = try await runs.resolve(id: id, note: note, by: caller.keyID, at: clock.now(), sourceAddress: context.remoteAddress)
            else {
                throw APIError(.notFound, "no open reconciliation exception '\(id)'")
            }
            return try JSONResponse.make(.ok, ExceptionView(resolved))
        }
    }

    private func find(_ context: GatewayContext) async throws -> ReconciliationRun {
        let id = try context.parameters.requireDecoded("id")
        guard let run = try await runs.run(id: id) else { throw APIError(.notFound, "reconciliation '\(id)' does not exist") }
        return run
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
