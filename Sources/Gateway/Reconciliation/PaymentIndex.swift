import Foundation
import MekongCore

/// The day's payments for reconciliation, kept compact (a million payments fit in about a
/// hundred megabytes): each reference is stored once, as a dictionary key, and the rest in
/// parallel arrays; clients are interned; whether the file named a payment is a flag.
struct PaymentIndex: Sendable {
    let currency: Currency
    private var positions: [String: Int32] = [:]
    private var references: [String] = []
    /// Only where the payment id differs from the reference (inbound payments).
    private var ids: [Int32: String] = [:]
    private var clientOf: [Int32] = []
    private var clients: [String] = []
    private var clientPositions: [String: Int32] = [:]
    private var states: [PaymentState] = []
    private var minors: [Int64] = []
    /// Only where the amount is not in `currency`.
    private var otherAmounts: [Int32: Money] = [:]
    private var updatedMilliseconds: [Int64] = []
    private(set) var seen: [Bool] = []

    init(currency: Currency, capacity: Int = 0) {
        self.currency = currency
        positions.reserveCapacity(capacity)
    }

    var count: Int { references.count }

    mutating func add(id: String, clientID: String, reference: String, state: PaymentState, amount: Money, updatedAt: Date) {
        let position = Int32(references.count)
        positions[reference] = position
        references.append(reference)
        if id != reference { ids[position] = id }
        if let client = clientPositions[clientID] {
            clientOf.append(client)
        } else {
            clientPositions[clientID] = Int32(clients.count)
            clientOf.append(Int32(clients.count))
            clients.append(clientID)
        }
        states.append(state)
        minors.append(amount.minorUnits)
        if amount.currency != currency { otherAmounts[position] = amount }
        updatedMilliseconds.append(Int64((updatedAt.timeIntervalSince1970 * 1000).rounded(.down)))
        seen.append(false)
    }

    func position(of reference: String) -> Int32? { positions[reference] }

    func view(at position: Int32) -> GatewayPaymentView {
        let index = Int(position)
        let reference = references[index]
        return GatewayPaymentView(
            id: ids[position] ?? reference, clientID: clients[Int(clientOf[index])], reference: reference,
            state: states[index], amount: otherAmounts[position] ?? Money(minorUnits: minors[index], currency: currency),
            updatedAt: Date(timeIntervalSince1970: TimeInterval(updatedMilliseconds[index]) / 1000))
    }

    /// Marks a payment as named by the file; false if it already was.
    mutating func markSeen(_ position: Int32) -> Bool {
        let index = Int(position)
        guard !seen[index] else { return false }
        seen[index] = true
        return true
    }

    /// Positions of payments the file did not name.
    var unseen: [Int32] { seen.indices.filter { !seen[$0] }.map { Int32($0) } }
}
