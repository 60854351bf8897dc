import FX
import Foundation
import MekongCore
import Store

/// A corridor as apps see it: what it carries, its limits, and whether it is open now.
struct CorridorView: Encodable {
    struct LimitView: Encodable {
        let paymentType: String
        let amount: String
        let currency: String
    }
    struct HoursView: Encodable {
        let timeZone: String
        let alwaysOpen: Bool
        let windows: [String]
    }

    let id: String
    let name: String
    let partnerSystem: String
    let partnerOperator: String
    let country: String
    let status: String
    let direction: String
    let sourceCurrencies: [String]
    let partnerCurrency: String
    let settlementCurrency: String
    let settlement: String
    let cycleSeconds: Int?
    let hours: HoursView
    let limits: [LimitView]
    let fxProvider: String?
    let open: Bool
    /// open, closed_by_ops, maintenance, suspended, bakong_maintenance, outside_hours, planned or not_connected.
    let state: String
    let reason: String?
    let nextOpeningAt: String?
    /// Scheduled maintenance still to come or under way.
    let maintenance: [MaintenanceView]
    /// Batch corridors: when the cycle a payment made now would join settles.
    let nextCycleAt: String?
    let rateSnapshotId: String?
    let rateAgeSeconds: Int?

    struct MaintenanceView: Encodable {
        let id: String
        let startsAt: String
        let endsAt: String
        let reason: String
        let cancelledAt: String?

        init(_ window: MaintenanceWindow) {
            id = window.id
            startsAt = RFC3339.string(from: window.startsAt)
            endsAt = RFC3339.string(from: window.endsAt)
            reason = window.reason
            cancelledAt = window.cancelledAt.map(RFC3339.string(from:))
        }
    }

    init(_ entry: CorridorCatalog.Entry, catalog: CorridorCatalog, rates: RateBoard, bakong: MaintenanceCalendar, now: Date) {
        let spec = entry.spec
        id = spec.id
        name = spec.name
        partnerSystem = spec.partnerSystem
        partnerOperator = spec.partnerOperator
        country = spec.country
        status = spec.status.rawValue
        direction = spec.direction.rawValue
        sourceCurrencies = spec.sourceCurrencies.map(\.code)
        partnerCurrency = spec.partnerCurrency.code
        settlementCurrency = spec.settlementCurrency.code
        settlement = spec.settlement.name
        if case .batch(let seconds) = spec.settlement { cycleSeconds = seconds } else { cycleSeconds = nil }
        hours = HoursView(
            timeZone: spec.hours.timeZone.identifier, alwaysOpen: spec.hours.isAlwaysOpen,
            windows: spec.hours.windows.map { window in
                let days = window.days.sorted().map { "\($0)" }.joined(separator: ",")
                return "\(days) \(window.opens)-\(window.closes)"
            })
        limits = PaymentType.allCases.compactMap { type in
            spec.limit(for: type).map { LimitView(paymentType: type.rawValue, amount: $0.decimalString, currency: $0.currency.code) }
        }
        fxProvider = spec.fxProvider
        let live = CorridorJudge.judge(entry, catalog: catalog, bakong: bakong, at: now).state
        // During Bakong's maintenance payments are still accepted, and queued.
        open = live.isOpen || live.state == .bakongMaintenance
        state = live.state.rawValue
        reason = live.reason
        nextOpeningAt = live.nextOpeningAt.map(RFC3339.string(from:))
        maintenance = catalog.board.maintenance(spec.id, after: now).map(MaintenanceView.init)
        if case .batch(let seconds) = spec.settlement, catalog.unavailability(of: entry) == nil {
            nextCycleAt = SettlementCycle.joining(at: now, hours: spec.hours, cycleSeconds: seconds).map { RFC3339.string(from: $0.closesAt) }
        } else {
            nextCycleAt = nil
        }
        let snapshot = spec.fxProvider.flatMap { rates.inForce(provider: $0, at: now) }
        rateSnapshotId = snapshot?.id
        rateAgeSeconds = snapshot.map { Int($0.age(at: now)) }
    }
}
