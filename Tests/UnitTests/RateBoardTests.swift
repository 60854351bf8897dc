import FX
import Foundation
import MekongCore
import Testing

@testable import Gateway

@Suite("Rate desk: a refresh read before an approval does not undo it")
struct RateBoardTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func snapshot(_ rate: String, at offset: TimeInterval) -> RateSnapshot {
        RateSnapshot(
            provider: "NBC", effectiveAt: start.addingTimeInterval(offset),
            rates: [CurrencyPair(base: .USD, quote: .THB): try! Rate(parsing: rate)], isSample: false)
    }

    @Test("an approval added while a refresh was reading the database survives that refresh; the next refresh replaces as usual")
    func staleRefreshIsSkipped() {
        let old = Self.snapshot("34.25", at: 0)
        let desk = RateBoard(book: RateBook(snapshots: [old], maxAge: [:], defaultMaxAge: 86_400))
        let now = Self.start.addingTimeInterval(60)

        let before = desk.additions  // the refresher reads this, then the database…
        let approved = Self.snapshot("35.96", at: 30)
        desk.add(approved)  // …while the approving request adds the new one
        #expect(desk.replaceApproved([old], now: now, additionsBefore: before) == false, "the stale read is dropped")
        #expect(desk.inForce(provider: "NBC", at: now)?.effectiveAt == approved.effectiveAt)

        // The next refresh reads after the commit and replaces.
        #expect(desk.replaceApproved([old, approved], now: now, additionsBefore: desk.additions))
        #expect(desk.inForce(provider: "NBC", at: now)?.effectiveAt == approved.effectiveAt)
    }
}
