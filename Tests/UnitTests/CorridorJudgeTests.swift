import Corridors
import Foundation
import MekongCore
import Store
import Testing

@testable import Gateway

/// `CorridorJudge` over every shipped corridor and every combination of what can stand in a
/// payment's way: connection, ops' switch, scheduled maintenance, the circuit breaker, hours,
/// Bakong maintenance, the limit and the direction. The expected verdict comes from the
/// precedence the docs publish, written here as a list, not from the judge's code.
@Suite("The corridor judge: one verdict for quotes, dry runs, payments, inbound credits and the status endpoints")
struct CorridorJudgeTests {
    static let specs = ShippedCorridors.specs

    /// Wednesday 2 December 2026, 10:30 in Bangkok and Ho Chi Minh City, 11:30 in Kuala Lumpur: inside every corridor's hours.
    static let insideHours = RFC3339.date(from: "2026-12-02T03:30:00Z")!
    /// The same Wednesday at 21:30 in Ho Chi Minh City and 22:30 in Kuala Lumpur: outside KH-VN's and KH-MY's hours.
    static let outsideHours = RFC3339.date(from: "2026-12-02T14:30:00Z")!

    /// One combination of conditions and request.
    struct Situation: CustomStringConvertible {
        var notConnected = false
        var closedByOps = false
        var inMaintenance = false
        var suspended = false
        var lateEvening = false
        var bakongMaintenance = false
        var overLimit = false
        var inbound = false

        static let all: [Situation] = (0..<256).map { bits in
            func bit(_ n: Int) -> Bool { bits & (1 << n) != 0 }
            return Situation(
                notConnected: bit(0), closedByOps: bit(1), inMaintenance: bit(2), suspended: bit(3), lateEvening: bit(4),
                bakongMaintenance: bit(5), overLimit: bit(6), inbound: bit(7))
        }

        var instant: Date { lateEvening ? CorridorJudgeTests.outsideHours : CorridorJudgeTests.insideHours }

        func conditions(_ spec: CorridorSpec) -> CorridorConditions {
            let at = instant
            var conditions = CorridorConditions.clear
            if spec.status == .planned { conditions.unavailability = spec.unavailableReason ?? "planned" }
            if notConnected { conditions.unavailability = "not connected in this release" }
            if closedByOps {
                conditions.control = CorridorControl(
                    corridorID: spec.id, enabled: false, reason: "partner incident", until: at.addingTimeInterval(3600),
                    changedBy: "ops", changedAt: at.addingTimeInterval(-60))
            }
            if inMaintenance {
                conditions.windows = [
                    MaintenanceWindow(
                        id: "mnt_1", corridorID: spec.id, startsAt: at.addingTimeInterval(-600), endsAt: at.addingTimeInterval(1800),
                        reason: "partner upgrade", createdBy: "ops", createdAt: at.addingTimeInterval(-86_400))
                ]
            }
            if suspended {
                conditions.suspension = .init(reason: "\(spec.id) is suspended", since: at.addingTimeInterval(-30), until: at.addingTimeInterval(30))
            }
            if bakongMaintenance { conditions.bakongMaintenanceEnd = at.addingTimeInterval(900) }
            return conditions
        }

        func request(_ spec: CorridorSpec) -> CorridorJudge.Request {
            let limit = spec.limit(for: .p2p) ?? Money(minorUnits: 100, currency: spec.partnerCurrency)
            let partnerAmount = Money(minorUnits: overLimit ? limit.minorUnits + 1 : limit.minorUnits, currency: limit.currency)
            let cambodian = Money(minorUnits: 10_000, currency: spec.sourceCurrencies[0])
            return CorridorJudge.Request(
                direction: inbound ? .inbound : .outbound, type: .p2p, currency: spec.sourceCurrencies[0],
                pricing: .priced(
                    sent: inbound ? partnerAmount : cambodian, arrives: inbound ? cambodian : partnerAmount,
                    inPartnerCurrency: partnerAmount, rate: "snap_1, 5 s old"))
        }

        var description: String {
            [
                ("not connected", notConnected), ("closed by ops", closedByOps), ("maintenance", inMaintenance), ("suspended", suspended),
                ("late evening", lateEvening), ("Bakong maintenance", bakongMaintenance), ("over the limit", overLimit), ("inbound", inbound),
            ]
            .filter(\.1).map(\.0).joined(separator: ", ")
        }
    }

    /// The published precedence (docs/API.md's corridor states and refusal order): the rule of
    /// the first refusal, or nil when the payment is taken.
    static func expectedRule(_ spec: CorridorSpec, _ s: Situation) -> String? {
        let closedHours = !spec.hours.isAlwaysOpen && s.lateEvening
        let queuesOffHours: Bool = if case .batch = spec.settlement { spec.offHours == .queue } else { false }
        let order: [(Bool, String)] = [
            (spec.status == .planned, "status"),
            (s.inbound ? !spec.direction.carriesInbound : !spec.direction.carriesOutbound, "direction"),
            (s.notConnected, "status"),
            (s.closedByOps, "operations"),
            (s.inMaintenance, "maintenance"),
            (s.suspended, "circuit_breaker"),
            (spec.limit(for: .p2p) == nil, "limits.P2P"),
            (closedHours && !queuesOffHours, "hours"),
            (s.overLimit && spec.limit(for: .p2p) != nil, "limits.P2P"),
        ]
        return order.first { $0.0 }.map { "\(spec.id).\($0.1)" }
    }

    /// The state the status endpoints show.
    static func expectedState(_ spec: CorridorSpec, _ s: Situation) -> LiveCorridorState.State {
        let order: [(Bool, LiveCorridorState.State)] = [
            (spec.status == .planned, .planned),
            (s.notConnected, .notConnected),
            (s.closedByOps, .closedByOps),
            (s.inMaintenance, .maintenance),
            (s.suspended, .suspended),
            (!spec.hours.isAlwaysOpen && s.lateEvening, .outsideHours),
            (s.bakongMaintenance, .bakongMaintenance),
        ]
        return order.first { $0.0 }?.1 ?? .open
    }

    @Test("every corridor × connection × ops × maintenance × breaker × hours × Bakong × limit × direction", arguments: Self.specs.map(\.id))
    func everyCombination(corridor: String) throws {
        let spec = try #require(Self.specs.first { $0.id == corridor })
        for situation in Situation.all {
            let conditions = situation.conditions(spec)
            let verdict = CorridorJudge.judge(spec, conditions, situation.request(spec), at: situation.instant)
            #expect(verdict.refusal?.rule == Self.expectedRule(spec, situation), "\(corridor): \(situation)")
            #expect(verdict.state.state == Self.expectedState(spec, situation), "\(corridor): \(situation)")
            // The corridor as a whole shows the same state, whatever is asked of it.
            #expect(CorridorJudge.judge(spec, conditions, nil, at: situation.instant).state.state == verdict.state.state)
            // Bakong maintenance never refuses: it holds, until the window's end.
            #expect(verdict.heldUntil == conditions.bakongMaintenanceEnd)
            // A corridor the status endpoint shows as open takes a well-formed payment that fits
            // its limit, in a direction it carries.
            if verdict.state.isOpen && !situation.overLimit && spec.limit(for: .p2p) != nil
                && (situation.inbound ? spec.direction.carriesInbound : spec.direction.carriesOutbound)
            {
                #expect(verdict.refusal == nil, "\(corridor) is shown open but refuses: \(situation)")
            }
        }
    }

    @Test("each refusal carries what the app needs: retry-after, retryability and details")
    func refusalsCarryTheirAdvice() throws {
        let th = try #require(Self.specs.first { $0.id == "KH-TH" })
        let at = Self.insideHours
        var closed = Situation()
        closed.closedByOps = true
        let operations = try #require(CorridorJudge.judge(th, closed.conditions(th), closed.request(th), at: at).refusal)
        #expect(operations.code == .corridorUnavailable && operations.retryAfter == at.addingTimeInterval(3600))
        #expect(operations.message == "KH-TH is disabled by operations until 2026-12-02T04:30:00Z: partner incident")

        var maintenance = Situation()
        maintenance.inMaintenance = true
        let window = try #require(CorridorJudge.judge(th, maintenance.conditions(th), maintenance.request(th), at: at).refusal)
        #expect(window.retryAfter == at.addingTimeInterval(1800) && window.details["maintenance_until"] == "2026-12-02T04:00:00Z")

        let la = try #require(Self.specs.first { $0.id == "KH-LA" })
        let planned = try #require(CorridorJudge.judge(la, Situation().conditions(la), Situation().request(la), at: at).refusal)
        #expect(planned.code == .corridorUnavailable && !planned.retryable && planned.retryAfter == nil)

        let vn = try #require(Self.specs.first { $0.id == "KH-VN" })
        var late = Situation()
        late.lateEvening = true
        let hours = try #require(CorridorJudge.judge(vn, late.conditions(vn), late.request(vn), at: Self.outsideHours).refusal)
        #expect(hours.retryAfter == RFC3339.date(from: "2026-12-03T01:00:00Z"), "08:00 in Ho Chi Minh City the next morning")
        #expect(hours.details["next_opening_at"] == "2026-12-03T01:00:00Z")

        var over = Situation()
        over.overLimit = true
        let limit = try #require(CorridorJudge.judge(th, over.conditions(th), over.request(th), at: at).refusal)
        #expect(limit.code == .limitExceeded && limit.details["limit"] == "50000.00" && limit.details["amount"] == "50000.01")
    }

    @Test("outside hours a batch corridor that queues takes the payment, and says for which cycle; the status shows outside_hours")
    func batchQueuesOffHours() throws {
        let my = try #require(Self.specs.first { $0.id == "KH-MY" })
        var late = Situation()
        late.lateEvening = true
        let verdict = CorridorJudge.judge(my, late.conditions(my), late.request(my), at: Self.outsideHours)
        #expect(verdict.refusal == nil && verdict.state.state == .outsideHours)
        #expect(verdict.checks.first { $0.name == "hours" }?.detail == "outside hours: queued for the cycle that settles at 2026-12-03T00:15:00Z")
        #expect(verdict.state.nextOpeningAt == RFC3339.date(from: "2026-12-03T00:00:00Z"), "08:00 in Kuala Lumpur")
    }

    @Test("an amount that arrives as nothing is refused with 2000 in either direction; no rate is 3003; neither is judged without a price")
    func amountsAndRates() throws {
        let th = try #require(Self.specs.first { $0.id == "KH-TH" })
        let at = Self.insideHours
        let nothing = CorridorJudge.Request(
            direction: .outbound, type: .p2p, currency: .KHR,
            pricing: .priced(
                sent: Money(minorUnits: 100, currency: .KHR), arrives: Money(minorUnits: 0, currency: .THB),
                inPartnerCurrency: Money(minorUnits: 0, currency: .THB), rate: "snap_1"))
        let refusal = try #require(CorridorJudge.judge(th, .clear, nothing, at: at).refusal)
        #expect(refusal.code == .invalidRequest && refusal.rule == "KH-TH.currencies.destination")
        #expect(refusal.message == "KHR 1.00 converts to nothing in THB; send more")
        let inbound = CorridorJudge.Request(
            direction: .inbound, type: .p2p, currency: .KHR,
            pricing: .priced(
                sent: Money(minorUnits: 1, currency: .THB), arrives: Money(minorUnits: 0, currency: .KHR),
                inPartnerCurrency: Money(minorUnits: 1, currency: .THB), rate: "snap_1"))
        #expect(CorridorJudge.judge(th, .clear, inbound, at: at).refusal?.rule == "KH-TH.currencies.destination")

        let stale = MekongError(.fxRateUnavailable, "no usable NBC rate")
        var unpriced = nothing
        unpriced.pricing = .refused(stale)
        #expect(CorridorJudge.judge(th, .clear, unpriced, at: at).refusal?.code == .fxRateUnavailable)
        unpriced.pricing = .notAsked
        let names = CorridorJudge.judge(th, .clear, unpriced, at: at).checks.map(\.name)
        #expect(
            names == [
                "corridor_status", "direction", "connected", "operations", "scheduled_maintenance", "circuit_breaker",
                "payment_type", "currency", "hours", "maintenance",
            ])
    }

    @Test("the Cambodian-side currency: outbound the payer's, inbound the payee's; each refusal says which")
    func currencies() throws {
        let cn = try #require(Self.specs.first { $0.id == "KH-CN" })
        var request = Situation(inbound: true).request(cn)
        request.currency = .KHR
        let refusal = try #require(CorridorJudge.judge(cn, .clear, request, at: Self.insideHours).refusal)
        #expect(refusal.rule == "KH-CN.currencies.source" && refusal.message == "KH-CN credits Cambodian payees in USD, not KHR")
        request.direction = .outbound
        #expect(CorridorJudge.judge(cn, .clear, request, at: Self.insideHours).refusal?.rule == "KH-CN.direction")
    }
}
