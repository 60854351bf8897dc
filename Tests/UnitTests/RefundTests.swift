import MekongCore
import Testing

@Suite("Refunds: the split between currencies and the refund state machine")
struct RefundTests {
    static let source = Money(minorUnits: 10_000, currency: .USD)  // USD 100.00
    static let destination = Money(minorUnits: 340_787, currency: .THB)  // THB 3,407.87
    static func usd(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .USD) }
    static func thb(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .THB) }

    @Test("a partial refund in the destination currency returns the same share of the source, rounded down")
    func partialInDestination() throws {
        let split = try RefundSplit.split(
            requested: Self.thb(100_000), settledSource: Self.source, settledDestination: Self.destination,
            refundedSource: Self.usd(0), refundedDestination: Self.thb(0))
        // 1,000.00 / 3,407.87 × 100.00 = 29.344… → 29.34
        #expect(split == RefundSplit(destination: Self.thb(100_000), source: Self.usd(2934)))
    }

    @Test("a partial refund in the source currency returns the same share of the destination, rounded down")
    func partialInSource() throws {
        let split = try RefundSplit.split(
            requested: Self.usd(5000), settledSource: Self.source, settledDestination: Self.destination,
            refundedSource: Self.usd(0), refundedDestination: Self.thb(0))
        #expect(split == RefundSplit(destination: Self.thb(170_393), source: Self.usd(5000)))
    }

    @Test("the refund that completes the payment returns exactly what is left on both sides")
    func remainderIsExact() throws {
        let rest = try RefundSplit.split(
            requested: nil, settledSource: Self.source, settledDestination: Self.destination,
            refundedSource: Self.usd(2934), refundedDestination: Self.thb(100_000))
        #expect(rest == RefundSplit(destination: Self.thb(240_787), source: Self.usd(7066)))
        let named = try RefundSplit.split(
            requested: Self.thb(240_787), settledSource: Self.source, settledDestination: Self.destination,
            refundedSource: Self.usd(2934), refundedDestination: Self.thb(100_000))
        #expect(named == rest)
    }

    @Test("refunds never exceed what remains, in either currency, and take only the payment's currencies")
    func refusals() {
        #expect(throws: RefundSplit.Refusal.self) {
            try RefundSplit.split(
                requested: Self.thb(240_788), settledSource: Self.source, settledDestination: Self.destination,
                refundedSource: Self.usd(2934), refundedDestination: Self.thb(100_000))
        }
        #expect(throws: RefundSplit.Refusal.self) {
            try RefundSplit.split(
                requested: Self.usd(7067), settledSource: Self.source, settledDestination: Self.destination,
                refundedSource: Self.usd(2934), refundedDestination: Self.thb(100_000))
        }
        #expect(throws: RefundSplit.Refusal.self) {
            try RefundSplit.split(
                requested: nil, settledSource: Self.source, settledDestination: Self.destination,
                refundedSource: Self.source, refundedDestination: Self.destination)
        }
        #expect(throws: RefundSplit.Refusal.wrongCurrency) {
            try RefundSplit.split(
                requested: Money(minorUnits: 1, currency: .KHR), settledSource: Self.source, settledDestination: Self.destination,
                refundedSource: Self.usd(0), refundedDestination: Self.thb(0))
        }
    }

    @Test("the refund state machine: every (state, event) pair")
    func stateMachine() {
        let events: [RefundEvent] = [.handedToPartner, .partnerReturned, .partnerRefused(.limitExceeded)]
        let legal: [String: RefundState] = [
            "PENDING|handed_to_partner": .processing, "PROCESSING|partner_returned": .processed,
            "PENDING|partner_refused": .failed, "PROCESSING|partner_refused": .failed,
        ]
        for state in RefundState.allCases {
            for event in events {
                var machine = RefundStateMachine(state: state, version: 3)
                if let next = legal["\(state.rawValue)|\(event.name)"] {
                    #expect(throws: Never.self) { try machine.apply(event) }
                    #expect(machine.state == next && machine.version == 4)
                } else {
                    #expect(throws: RefundTransitionError.self) { try machine.apply(event) }
                    #expect(machine.state == state && machine.version == 3)
                }
            }
        }
    }
}
