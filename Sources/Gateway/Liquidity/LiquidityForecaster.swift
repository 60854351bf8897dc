import Foundation
import MekongCore
import Store

/// Makes each corridor's 24-hour outflow forecast from its last four weeks (`OutflowForecast`):
/// the ledger's settlements, with the imported flow history for the hours before them.
struct LiquidityForecaster: Sendable {
    let liquidity: LiquidityRepository
    let clock: any WallClock

    func forecast(corridorID: String) async throws -> OutflowForecast {
        let now = clock.now()
        let since = OutflowForecast.hour(floor: now).addingTimeInterval(-TimeInterval(OutflowForecast.weeks * 7 * 86_400))
        let (outflows, coveredFrom) = try await liquidity.hourlyOutflows(corridorID: corridorID, since: since)
        // With no history at all, every week is left out of the means: a forecast of nothing.
        return OutflowForecast(history: outflows, coveredFrom: coveredFrom ?? now.addingTimeInterval(86_400), startingAt: now)
    }
}
