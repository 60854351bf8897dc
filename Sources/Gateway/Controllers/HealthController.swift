import Hummingbird
import Logging
import MekongCore
import PostgresNIO
import Store

/// `GET /healthz` (the process answers) and `GET /readyz` (it can reach PostgreSQL).
struct HealthController {
    let watch: DatabaseWatch

    func register(on router: Router<GatewayContext>) {
        router.get("/healthz") { _, _ in
            JSONResponse.make(.ok, bytes: Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("/readyz") { _, _ in
            guard watch.isReachable, await watch.ping() else {
                var failure = APIError(.storeUnavailable, "the database is unavailable")
                failure.headers[.retryAfter] = "1"
                throw failure
            }
            return JSONResponse.make(.ok, bytes: Array(#"{"database":"ok","status":"ready"}"#.utf8))
        }
    }
}
