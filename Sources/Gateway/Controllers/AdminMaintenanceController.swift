import Foundation
import Hummingbird
import MekongCore
import Store

/// Ops' scheduled maintenance per corridor: `POST /admin/corridors/{id}/maintenance` (starts_at,
/// ends_at, reason), `GET …/maintenance` (windows still to come or under way) and
/// `DELETE …/maintenance/{window}`. Inside a window nothing is handed to the partner (payments
/// wait and resume at its end) and new payments are refused with 5001; the corridor's status
/// shows the window and its next opening. Each change writes its audit row in its transaction.
struct AdminMaintenanceController {
    let catalog: CorridorCatalog
    let windows: MaintenanceRepository
    let clock: any WallClock

    /// The longest window ops may schedule in one go, and how far ahead.
    static let longest: TimeInterval = 7 * 86_400
    static let furthest: TimeInterval = 366 * 86_400

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("corridors/:id/maintenance") { request, context in
            let caller = try RoleGuard.require(context, .ops)
            let corridor = try corridorID(context)
            let (body, _) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["starts_at", "ends_at", "reason"])
            let now = clock.now()
            let starts = try time(body, "starts_at")
            let ends = try time(body, "ends_at")
            let reason = try body.requiredString("reason", maxLength: 200)
            guard ends > starts else { throw APIError(.invalidRequest, "field 'ends_at' must be after 'starts_at'") }
            guard ends > now else { throw APIError(.invalidRequest, "field 'ends_at' must be in the future") }
            guard ends.timeIntervalSince(starts) <= Self.longest else {
                throw APIError(
                    .invalidRequest, "a maintenance window lasts at most 7 days; schedule longer closures as several windows or disable the corridor")
            }
            guard starts.timeIntervalSince(now) <= Self.furthest else {
                throw APIError(.invalidRequest, "field 'starts_at' must be within a year")
            }
            let window = MaintenanceWindow(
                id: Identifier.make("mnt"), corridorID: corridor, startsAt: starts, endsAt: ends, reason: reason,
                createdBy: caller.keyID, createdAt: now)
            try await windows.schedule(window, sourceAddress: context.remoteAddress)
            catalog.board.updateWindow(window)
            return try JSONResponse.make(.created, CorridorView.MaintenanceView(window))
        }
        group.get("corridors/:id/maintenance") { _, context in
            try RoleGuard.require(context, .ops, .treasury)
            let corridor = try corridorID(context)
            let list = try await windows.upcoming(after: clock.now(), corridorID: corridor)
            return try JSONResponse.make(.ok, PageView(whole: list.map(CorridorView.MaintenanceView.init)))
        }
        group.delete("corridors/:id/maintenance/:window") { _, context in
            let caller = try RoleGuard.require(context, .ops)
            let corridor = try corridorID(context)
            let id = try context.parameters.requireDecoded("window")
            guard
                let cancelled = try await windows.cancel(
                    id: id, corridorID: corridor, by: caller.keyID, at: clock.now(),
                    sourceAddress: context.remoteAddress)
            else {
                throw APIError(.notFound, "\(corridor) has no maintenance window '\(id)' still to come or under way")
            }
            catalog.board.updateWindow(cancelled)
            return try JSONResponse.make(.ok, CorridorView.MaintenanceView(cancelled))
        }
    }

    private func corridorID(_ context: GatewayContext) throws -> String {
        let id = try context.parameters.requireDecoded("id")
        guard catalog.entry(id) != nil else { throw APIError(.notFound, "corridor '\(id)' does not exist") }
        return id
    }

    private func time(_ body: JSONObject, _ field: String) throws -> Date {
        let text = try body.requiredString(field, maxLength: 40)
        guard let date = RFC3339.date(from: text) else {
            throw APIError(.invalidRequest, "field '\(field)' must be an RFC 3339 time such as 2026-11-23T01:00:00+07:00")
        }
        return date
    }
}
