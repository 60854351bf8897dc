import Foundation
import Hummingbird
import MekongCore

/// Webhooks (`/console/webhooks`): every client's deliveries, newest change first, with
/// re-send (ops) through the same dispatcher as the retries.
struct ConsoleWebhookPages {
    let desk: ConsoleBackend
    static let states = ["PENDING", "RETRYING", "SUCCESS", "FAILED"]

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("webhooks") { request, context in
            let state = request.uri.queryParameters.get("state").flatMap { $0.isEmpty ? nil : $0 }
            let log = try await desk.read("/admin/deliveries" + ConsoleBackend.query([("state", state), ("limit", "100")]), context: context)
            return desk.page(
                "webhooks", title: "Webhooks",
                data: ["deliveries": log.templateList, "states": Self.states.map { ["name": $0, "selected": $0 == state] }],
                request: request, context: context)
        }
        pages.post("webhooks/:id/resend") { request, context in
            let name = try context.parameters.requireDecoded("id")
            let form = try await desk.form(request, context: context)
            // Back to where the button was (a payment's page or the log), never off the console.
            let back = form.text("back").flatMap { $0.hasPrefix("/console/") && !$0.contains("//") ? $0 : nil } ?? "/console/webhooks"
            return try await desk.act(
                .post, "/admin/deliveries/\(ConsoleBackend.segment(name))/resend",
                done: { json in
                    let state = json?["state"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "sent"
                    let status = json?["status_code"].flatMap { if case .number(let n) = $0 { " (HTTP \(n))" } else { nil } } ?? ""
                    return "Delivery \(name) re-sent: \(state)\(status)."
                },
                back: back, context: context)
        }
    }
}
