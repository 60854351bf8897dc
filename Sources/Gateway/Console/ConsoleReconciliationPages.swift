import Hummingbird

/// Reconciliation (`/console/reconciliation`): the runs, each run's report totals and its
/// exceptions, and resolving an exception with a note.
struct ConsoleReconciliationPages {
    let desk: ConsoleBackend

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("reconciliation") { request, context in
            let runs = try await desk.read("/admin/reconciliations?limit=100", context: context).templateList
            return desk.page("reconciliation", title: "Reconciliation", data: ["runs": runs], request: request, context: context)
        }
        pages.get("reconciliation/:id") { request, context in
            let id = try ConsoleBackend.segment(context, "id")
            var report = try await desk.read("/admin/reconciliations/\(id)", context: context).templateValue as? [String: Any] ?? [:]
            let totals = report["totals"] as? [String: Any] ?? [:]
            report["total_rows"] = totals.keys.sorted().map { name -> [String: Any] in
                var row = totals[name] as? [String: Any] ?? [:]
                row["name"] = name
                return row
            }
            let exceptions = try await desk.readAll("/admin/reconciliations/\(id)/exceptions?limit=100", context: context).templateList.map {
                item -> Any in
                guard var exception = item as? [String: Any] else { return item }
                exception["open"] = (exception["status"] as? String) == "open"
                return exception
            }
            return desk.page(
                "reconciliation_run", title: "Reconciliation run",
                data: ["run_id": try context.parameters.requireDecoded("id"), "report": report, "exceptions": exceptions],
                request: request, context: context)
        }
        pages.post("reconciliation/exceptions/:id/resolve") { request, context in
            let name = try context.parameters.requireDecoded("id")
            let form = try await desk.form(request, context: context)
            let run = form.text("run").map(ConsoleBackend.segment)
            return try await desk.act(
                .post, "/admin/reconciliations/exceptions/\(ConsoleBackend.segment(name))/resolve",
                json: ["note": form.text("note")], done: { _ in "Exception \(name) resolved." },
                back: run.map { "/console/reconciliation/\($0)" } ?? "/console/reconciliation", context: context)
        }
    }
}
