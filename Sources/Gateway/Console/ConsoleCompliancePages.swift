import Foundation
import Hummingbird
import MekongCore

/// Compliance (`/console/compliance`): the sanctions lists in force with their age (a list
/// older than allowed is flagged), imports waiting for a second officer's approval, importing a
/// list (pasted in its publisher's format), payments held for review, and senders' velocity
/// usage today; `/console/compliance/reviews/{payment}` shows one review — both names, the list
/// entries, the scores — with release and reject. Each section shows what the session's role
/// may read (treasury: velocity usage; ops: the lists in force).
struct ConsoleCompliancePages {
    let desk: ConsoleBackend

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("compliance") { request, context in
            var data: [String: Any] = [:]
            if let lists = try await desk.readIfAllowed("/admin/sanctions/in-force", context: context) {
                data["lists"] = lists.templateList.map { item -> Any in
                    guard var list = item as? [String: Any] else { return item }
                    if let age = list["age_seconds"] as? String, let seconds = Int(age) { list["age"] = ConsoleBackend.age(seconds: seconds) }
                    return list
                }
                data["may_read_lists"] = true
            }
            if let pending = try await desk.readIfAllowed("/admin/sanctions/lists?status=pending&limit=100", context: context) {
                data["pending"] = pending.templateList
                data["has_pending"] = !pending.templateList.isEmpty
                data["may_manage_lists"] = true
            }
            if let reviews = try await desk.readIfAllowed("/admin/screening/reviews?status=open&limit=100", context: context) {
                data["reviews"] = reviews.templateList
                data["may_review"] = true
                data["today"] = SenderAllowance.periods(at: desk.clock.now()).day
            }
            if let usage = try await desk.readIfAllowed("/admin/velocity?limit=50", context: context) {
                data["usage"] = usage.templateList
                data["may_read_usage"] = true
            }
            return desk.page("compliance", title: "Compliance", data: data, request: request, context: context)
        }
        pages.get("compliance/reviews/:id") { request, context in
            let id = try ConsoleBackend.segment(context, "id")
            var review = try await desk.read("/admin/screening/reviews/\(id)", context: context).templateValue as? [String: Any] ?? [:]
            review["is_open"] = review["status"] as? String == "open"
            return desk.page("review", title: "Review", data: ["review": review], request: request, context: context)
        }
        pages.post("compliance/reviews/:id/release") { request, context in
            try await decide(request, context: context, action: "release", done: "released: it is handed off as usual")
        }
        pages.post("compliance/reviews/:id/reject") { request, context in
            try await decide(request, context: context, action: "reject", done: "rejected (6002): nothing is sent to the partner")
        }
        pages.post("compliance/lists") { request, context in
            let form = try await desk.form(request, context: context)
            let source = form.text("source") ?? ""
            var parts: [(String, String)] = [("source", source)]
            if let name = form.text("name") { parts.append(("name", name)) }
            if let published = form.text("published_at") { parts.append(("published_at", published)) }
            for field in source == "ofac" ? ["sdn", "alt"] : ["file"] {
                parts.append((field, (form[field] ?? "").replacingOccurrences(of: "\r\n", with: "\n")))
            }
            let boundary = "console-" + UUID().uuidString
            var body = ""
            for (name, value) in parts { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n" }
            body += "--\(boundary)--\r\n"
            return try await desk.act(
                .post, "/admin/sanctions/lists", raw: (Array(body.utf8), "multipart/form-data; boundary=\(boundary)"),
                done: { json in
                    let id = json?["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "the list"
                    return "\(id) imported. It is in force once a second compliance officer approves it."
                },
                back: "/console/compliance", context: context)
        }
        desk.registerDecisions(
            on: pages, route: "compliance/lists", api: "/admin/sanctions/lists", back: "/console/compliance",
            approvedSuffix: ": it is in force.")
    }

    private func decide(_ request: Request, context: GatewayContext, action: String, done: String) async throws -> Response {
        let id = try ConsoleBackend.segment(context, "id")
        let form = try await desk.form(request, context: context)
        return try await desk.act(
            .post, "/admin/screening/reviews/\(id)/\(action)", json: ["reason": form.text("reason")],
            done: { _ in "\(id) \(done)." }, back: "/console/compliance", context: context)
    }
}
