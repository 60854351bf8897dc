import Hummingbird
import MekongCore

/// `GET /v1/corridors` and `GET /v1/corridors/{id}`.
struct CorridorController {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let clock: any WallClock

    func register(on group: RouterGroup<GatewayContext>) {
        group.get("corridors") { _, context in
            _ = try RoleGuard.require(context, .app)
            let now = clock.now()
            let views = catalog.entries.map { CorridorView($0, catalog: catalog, rates: rates, bakong: .bakong, now: now) }
            return try JSONResponse.make(.ok, PageView(whole: views))
        }
        group.get("corridors/:id") { _, context in
            _ = try RoleGuard.require(context, .app)
            let id = try context.parameters.requireDecoded("id")
            guard let entry = catalog.entry(id) else { throw APIError(.notFound, "corridor '\(id)' does not exist") }
            return try JSONResponse.make(.ok, CorridorView(entry, catalog: catalog, rates: rates, bakong: .bakong, now: clock.now()))
        }
    }
}
