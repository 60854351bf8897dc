import Foundation
import Hummingbird
import MekongCore

/// Liquidity (`/console/liquidity`): the positions board (balance, reserved, available, marks,
/// level, queue, the 24-hour forecast and the suggested top-up), top-ups and adjustments made by
/// one treasury user and approved or rejected by another, treasury's marks, and the ledger's
/// movements with filters.
struct ConsoleLiquidityPages {
    let desk: ConsoleBackend

    static let filters = ["corridor", "kind", "from", "to"]

    struct Amount: Encodable {
        let amount: String
        let currency: String
    }
    struct Move: Encodable {
        let corridor: String
        let amount: Amount
        let note: String
    }
    struct Marks: Encodable {
        let lowWater: Amount
        let critical: Amount
    }

    func register(on pages: RouterGroup<GatewayContext>) {
        pages.get("liquidity") { request, context in
            let query = request.uri.queryParameters
            let fields: [(String, String?)] = Self.filters.map { name in
                (name, query.get(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 })
            }
            let cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : $0 }
            let positions = try await desk.read("/admin/liquidity/positions", context: context).templateList
            let pending = try await desk.read("/admin/liquidity/requests?status=pending&limit=100", context: context).templateList
            let decided = try await desk.read("/admin/liquidity/requests?limit=20", context: context).templateList.filter {
                ($0 as? [String: Any])?["status"] as? String != "pending"
            }
            let movements = try await desk.read(
                "/admin/liquidity/entries" + ConsoleBackend.query(fields + [("limit", "50"), ("cursor", cursor)]), context: context)
            var data: [String: Any] = [
                "positions": positions, "pending": pending, "has_pending": !pending.isEmpty, "decided": decided,
                "corridors": positions.compactMap { ($0 as? [String: Any])?["corridor"] as? String }.map { corridor in
                    ["name": corridor, "selected": fields.first { $0.0 == "corridor" }?.1 == corridor] as [String: Any]
                },
                "movements": movements.templateList, "has_movements": !movements.templateList.isEmpty,
                "kinds": ["opening", "topup", "adjustment", "reservation", "release", "settlement", "refund", "inbound"].map { kind in
                    ["kind": kind, "selected": fields.first { $0.0 == "kind" }?.1 == kind] as [String: Any]
                },
            ]
            for (name, value) in fields { data["filter_" + name] = value ?? "" }
            if case .string(let next)? = movements["next_cursor"] {
                data["next"] = "/console/liquidity" + ConsoleBackend.query(fields + [("cursor", next)])
            }
            return desk.page("liquidity", title: "Liquidity", data: data, request: request, context: context)
        }
        for kind in ["topups", "adjustments"] {
            pages.post("liquidity/\(kind)") { request, context in
                let form = try await desk.form(request, context: context)
                let corridor = form.text("corridor") ?? ""
                // The amount's currency is the corridor's settlement currency, as its position shows it.
                return try await desk.act(
                    .post, "/admin/liquidity/\(kind)",
                    raw: (
                        try JSONResponse.bytes(
                            Move(
                                corridor: corridor, amount: Amount(amount: form.text("amount") ?? "", currency: form.text("currency") ?? ""),
                                note: form.text("note") ?? "")), "application/json"
                    ),
                    done: { json in
                        let id = json?["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "the request"
                        return "\(id) requested. It moves the position once a second treasury user approves it."
                    },
                    back: "/console/liquidity", context: context)
            }
        }
        desk.registerDecisions(on: pages, route: "liquidity/requests", api: "/admin/liquidity/requests", back: "/console/liquidity")
        pages.post("liquidity/:corridor/marks") { request, context in
            let corridor = try context.parameters.requireDecoded("corridor")
            let form = try await desk.form(request, context: context)
            let path = "/admin/liquidity/positions/\(ConsoleBackend.segment(corridor))/marks"
            if form.text("reset") != nil {
                return try await desk.act(
                    .delete, path, done: { _ in "\(corridor)'s marks are the spec's again." }, back: "/console/liquidity", context: context)
            }
            let currency = form.text("currency") ?? ""
            return try await desk.act(
                .put, path,
                raw: (
                    try JSONResponse.bytes(
                        Marks(
                            lowWater: Amount(amount: form.text("low_water") ?? "", currency: currency),
                            critical: Amount(amount: form.text("critical") ?? "", currency: currency))), "application/json"
                ),
                done: { _ in "\(corridor)'s marks set." }, back: "/console/liquidity", context: context)
        }
    }
}
