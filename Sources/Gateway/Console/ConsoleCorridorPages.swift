import Hummingbird

/// The corridor board (`/console/corridors`): each corridor's state, reason and since when,
/// next opening, limits, rate age, queue and error rate, breaker and maintenance windows;
/// ops close and open corridors with a reason, and schedule or cancel maintenance.
struct ConsoleCorridorPages {
    let desk: ConsoleBackend

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("corridors") { request, context in
            let corridors = try await desk.read("/admin/corridors", context: context).templateList.map { item -> Any in
                guard var corridor = item as? [String: Any] else { return item }
                if let age = (corridor["rate_age_seconds"] as? String).flatMap(Int.init) { corridor["rate_age"] = ConsoleBackend.age(seconds: age) }
                corridor["corridor_id"] = corridor["id"]
                corridor["has_maintenance"] = !((corridor["maintenance"] as? [Any]) ?? []).isEmpty
                return corridor
            }
            var data: [String: Any] = ["corridors": corridors]
            // Screening's health on the board: a list older than allowed, or none at all (roles that may read it).
            if let lists = try await desk.readIfAllowed("/admin/sanctions/in-force", context: context)?.templateList {
                let stale = lists.compactMap { $0 as? [String: Any] }.filter { $0["stale"] as? Bool == true }.map { list -> [String: Any] in
                    var list = list
                    if let age = list["age_seconds"] as? String, let seconds = Int(age) { list["age"] = ConsoleBackend.age(seconds: seconds) }
                    return list
                }
                data["stale_lists"] = stale
                data["no_lists"] = lists.isEmpty
            }
            return desk.page("corridors", title: "Corridors", data: data, request: request, context: context)
        }
        pages.post("corridors/:id/disable") { request, context in
            let id = try ConsoleBackend.segment(context, "id")
            let form = try await desk.form(request, context: context)
            return try await desk.act(
                .post, "/admin/corridors/\(id)/disable", json: ["reason": form.text("reason"), "until": form.text("until")],
                done: { _ in "\(id) is closed to new payments." }, back: "/console/corridors", context: context)
        }
        pages.post("corridors/:id/enable") { request, context in
            let id = try ConsoleBackend.segment(context, "id")
            let form = try await desk.form(request, context: context)
            return try await desk.act(
                .post, "/admin/corridors/\(id)/enable", json: ["reason": form.text("reason")],
                done: { _ in "\(id) is open again." }, back: "/console/corridors", context: context)
        }
        pages.post("corridors/:id/maintenance") { request, context in
            let id = try ConsoleBackend.segment(context, "id")
            let form = try await desk.form(request, context: context)
            return try await desk.act(
                .post, "/admin/corridors/\(id)/maintenance",
                json: ["starts_at": form.text("starts_at"), "ends_at": form.text("ends_at"), "reason": form.text("reason")],
                done: { _ in "Maintenance of \(id) scheduled." }, back: "/console/corridors", context: context)
        }
        pages.post("corridors/:id/maintenance/:window/cancel") { _, context in
            let id = try ConsoleBackend.segment(context, "id")
            let window = try ConsoleBackend.segment(context, "window")
            return try await desk.act(
                .delete, "/admin/corridors/\(id)/maintenance/\(window)",
                done: { _ in "Maintenance window \(window) of \(id) cancelled." }, back: "/console/corridors", context: context)
        }
    }
}
