import Foundation
import MekongCore
import Store

/// Watches each position against its marks (a step of `LiveStateRefresher`): when a position's
/// level differs from the one last announced, records the new one and sends `liquidity.low` or
/// `liquidity.critical` to the treasury webhooks that name it, in one transaction (one instance
/// announces each change, whichever sees it first).
struct LiquidityWatch: Sendable {
    let liquidity: LiquidityRepository
    let catalog: CorridorCatalog
    let clock: any WallClock

    /// The changes it announced, as (corridor, level).
    @discardableResult
    func check() async throws -> [(String, LiquidityLevel)] {
        var announced: [(String, LiquidityLevel)] = []
        for position in try await liquidity.positions() {
            let marks = PositionMarks(position, policy: catalog.entry(position.corridorID)?.spec.liquidity)
            let level = marks.level(of: position)
            guard level.rawValue != position.announcedLevel else { continue }
            let now = clock.now()
            let previous = position.announcedLevel
            let changed = try await liquidity.announceLevel(
                corridorID: position.corridorID, from: previous, to: level.rawValue, eventType: level.eventType, at: now
            ) { id in
                try Self.payload(id: id, position: position, marks: marks, level: level, previous: previous, at: now)
            }
            if changed { announced.append((position.corridorID, level)) }
        }
        return announced
    }

    /// The event's body: the corridor, its level and the previous one, and the figures.
    static func payload(
        id: String, position: LiquidityPosition, marks: PositionMarks, level: LiquidityLevel, previous: String, at now: Date
    ) throws -> String {
        let currency = Currency.named(position.currency) ?? .USD
        func amount(_ minor: Int64) -> [String: String] {
            ["amount": Money(minorUnits: minor, currency: currency).decimalString, "currency": currency.code]
        }
        let object: [String: Any] = [
            "id": id, "type": level.eventType ?? "liquidity.level", "created_at": RFC3339.string(from: now),
            "data": [
                "corridor": position.corridorID, "level": level.rawValue, "previous_level": previous,
                "balance": amount(position.balanceMinor), "reserved": amount(position.reservedMinor),
                "available": amount(position.availableMinor), "low_water": amount(marks.lowWaterMinor),
                "critical": amount(marks.criticalMinor), "marks_from": marks.source, "queued": position.queued,
            ] as [String: Any],
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
