import Foundation
import Hummingbird
import MekongCore

/// Payments (`/console/payments`): search by reference, state, corridor and dates; each
/// payment's detail with its history, quote and snapshot, partner exchanges (redacted) and
/// webhook deliveries.
struct ConsolePaymentPages {
    let desk: ConsoleBackend

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("payments") { request, context in
            let query = request.uri.queryParameters
            let fields = ["reference", "state", "corridor", "from", "to"].map { name in
                (name, query.get(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 })
            }
            let cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
            let found = try await desk.read(
                "/admin/payments" + ConsoleBackend.query(fields + [("limit", "50"), ("cursor", cursor)]), context: context)
            let corridors = try await desk.read("/admin/corridors", context: context).templateList.compactMap {
                ($0 as? [String: Any])?["id"] as? String
            }
            let given = Dictionary(uniqueKeysWithValues: fields.map { ($0.0, $0.1 ?? "") })
            let shown = found.templateList.count
            var data: [String: Any] = [
                "payments": found.templateList, "shown_text": Plural.count(shown, "payment"), "has_results": shown > 0,
                "searched": fields.contains { $0.1 != nil },
                "search": given,
                "states": PaymentState.allCases.map { ["name": $0.rawValue, "selected": given["state"] == $0.rawValue] },
                "corridors": corridors.map { ["id": $0, "selected": given["corridor"] == $0] },
                "later_page": cursor != nil,
            ]
            if case .string(let next)? = found["next_cursor"] {
                data["next"] = "/console/payments" + ConsoleBackend.query(fields + [("cursor", next)])
            }
            if cursor != nil { data["previous"] = "/console/payments" + ConsoleBackend.query(fields) }
            return desk.page("payments", title: "Payments", data: data, request: request, context: context)
        }
        pages.get("payments/:id") { request, context in
            let id = try ConsoleBackend.segment(context, "id")
            let detail = try await desk.read("/admin/payments/\(id)", context: context).templateValue
            return desk.page("payment", title: "Payment", data: ["payment_detail": detail], request: request, context: context)
        }
    }
}
