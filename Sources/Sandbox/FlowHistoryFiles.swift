import Foundation
import Hummingbird
import MekongCore

/// The settlement bank's history of each prefunded corridor's outflows, hour by hour, for the
/// weeks before now (`GET /sandbox/flows/{corridor}?weeks=6`): CSV `hour,outflow,currency`, the
/// hour in UTC, the outflow in the corridor's settlement currency. Made by `SampleFlows`
/// (weekday and payday peaks), so that treasury's forecast has weeks to work from.
/// `mekong liquidity history` imports it.
struct FlowHistoryFiles {
    /// Each corridor's mean daily outflow in the sandbox's history.
    static let dailyMeans: [String: Money] = [
        "KH-TH": Money(minorUnits: 1_500_000_000, currency: .THB),
        "KH-MY": Money(minorUnits: 120_000_000, currency: .MYR),
        "KH-VN": Money(minorUnits: 30_000_000_000, currency: .VND),
    ]

    func register(on router: Router<SandboxContext>) {
        router.get("sandbox/flows/:corridor") { request, context in
            let corridor = try context.parameters.require("corridor")
            guard let mean = Self.dailyMeans[corridor] else {
                let corridors = Self.dailyMeans.keys.sorted().joined(separator: ", ")
                return PromptPaySimulator.json(.notFound, ["error": "the sandbox has flow histories for \(corridors)"])
            }
            let weeks = request.uri.queryParameters.get("weeks").flatMap(Int.init) ?? 6
            guard (1...26).contains(weeks) else { return PromptPaySimulator.json(.badRequest, ["error": "weeks must be 1 to 26"]) }
            let end = OutflowForecast.hour(floor: Date())
            let start = end.addingTimeInterval(-TimeInterval(weeks * 7 * 86_400))
            var lines = ["hour,outflow,currency"]
            for (hour, minor) in SampleFlows.hourly(corridor: corridor, dailyMeanMinor: mean.minorUnits, from: start, hours: weeks * 7 * 24) {
                lines.append("\(RFC3339.string(from: hour)),\(Money(minorUnits: minor, currency: mean.currency).decimalString),\(mean.currency.code)")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/csv"], body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
    }
}
