import Foundation
import Hummingbird
import MekongCore

/// Rates (`/console/rates`): the snapshot in force per provider, pending snapshots with
/// their diff against it (large moves marked), upload, approval or rejection by a second
/// treasury key, and the history of what was in force when.
struct ConsoleRatePages {
    let desk: ConsoleBackend

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("rates") { request, context in
            let history = try await desk.read("/admin/rates/history?limit=100", context: context).templateList
            let inForce = history.filter { ($0 as? [String: Any])?["in_force_until"] == nil }
            var pending: [Any] = []
            for item in try await desk.read("/admin/rates?status=pending&limit=100", context: context).templateList {
                guard var snapshot = item as? [String: Any], let id = snapshot["id"] as? String else { continue }
                snapshot["diff"] = try await desk.read("/admin/rates/\(ConsoleBackend.segment(id))/diff", context: context).templateValue
                pending.append(snapshot)
            }
            return desk.page(
                "rates", title: "Rates",
                data: ["in_force": inForce, "pending": pending, "has_pending": !pending.isEmpty, "history": history],
                request: request, context: context)
        }
        pages.post("rates") { request, context in
            let form = try await desk.form(request, context: context)
            let format = form.text("format") == "yaml" ? "application/yaml" : "text/csv"
            let text = (form["snapshot"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            return try await desk.act(
                .post, "/admin/rates", raw: (Array(text.utf8), format),
                done: { json in
                    let id = json?["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "the snapshot"
                    return "\(id) uploaded. It takes effect once a second treasury user approves it."
                },
                back: "/console/rates", context: context)
        }
        desk.registerDecisions(on: pages, route: "rates", api: "/admin/rates", back: "/console/rates")
    }
}
