import Corridors
import Foundation
import MekongCore

/// Matches a settlement file, row by row as it streams, against Mekong's payments, by
/// reference only (never by amount), and classifies every item. A value type; no I/O.
///
/// Rules, in order, for each row: a reference seen before in the file is `duplicate_in_file`;
/// unknown to Mekong, `missing_at_gateway`; amounts apart by more than the tolerance (in minor
/// units of the partner's currency), `amount_mismatch`; failed at Mekong (TIMEOUT, REJECTED,
/// ERROR) or not handed off, `state_mismatch`; settled on another business day in
/// Asia/Phnom_Penh, `timing`; otherwise `matched`. A batch payment still in
/// CORRIDOR_PROCESSING that the file shows settled is to be promoted. At the end, payments
/// Mekong settled that day which the file lacks are `missing_in_file`.
struct ReconciliationEngine: Sendable {
    struct Item: Sendable, Equatable {
        let reconciliationClass: ReconciliationClass
        let reference: String
        let paymentID: String?
        let detail: String
    }
    struct Tally: Sendable, Equatable {
        var count = 0
        var valueMinor: Int64 = 0
    }

    let businessDay: DateInterval
    let toleranceMinor: Int64
    let currency: Currency
    private(set) var payments: PaymentIndex
    let isBatch: Bool

    private(set) var tallies: [ReconciliationClass: Tally] = [:]
    private(set) var exceptions: [Item] = []
    /// Batch payments to move to CROSS_BORDER_SETTLED.
    private(set) var promotions: [GatewayPaymentView] = []
    private(set) var rows = 0
    private(set) var valueMinor: Int64 = 0
    private(set) var feesMinor: Int64 = 0
    /// Per client: rows matched (or timing), value and fees.
    private(set) var byClient: [String: (count: Int, valueMinor: Int64, feesMinor: Int64)] = [:]
    /// References the file named that Mekong does not know (for duplicates among them).
    private var unknownSeen: Set<String> = []

    init(businessDay: DateInterval, toleranceMinor: Int64, currency: Currency, payments: PaymentIndex, isBatch: Bool) {
        self.businessDay = businessDay
        self.toleranceMinor = toleranceMinor
        self.currency = currency
        self.payments = payments
        self.isBatch = isBatch
    }

    static let phnomPenh = TimeZone(identifier: "Asia/Phnom_Penh")!

    mutating func add(_ row: SettlementRow) {
        rows += 1
        valueMinor += row.amount.minorUnits
        feesMinor += row.fee.minorUnits
        guard let position = payments.position(of: row.reference) else {
            guard unknownSeen.insert(row.reference).inserted else {
                return record(.duplicateInFile, row.reference, nil, row.amount.minorUnits, "line \(row.line) repeats \(row.reference)")
            }
            return record(.missingAtGateway, row.reference, nil, row.amount.minorUnits, "line \(row.line): Mekong has no payment \(row.reference)")
        }
        guard payments.markSeen(position) else {
            return record(.duplicateInFile, row.reference, nil, row.amount.minorUnits, "line \(row.line) repeats \(row.reference)")
        }
        let payment = payments.view(at: position)
        let difference = row.amount.minorUnits - payment.amount.minorUnits
        if row.amount.currency != payment.amount.currency || difference.magnitude > toleranceMinor.magnitude {
            return record(
                .amountMismatch, row.reference, payment.id, row.amount.minorUnits,
                "line \(row.line): the file settles \(row.amount), Mekong expected \(payment.amount)")
        }
        switch payment.state {
        case .crossBorderSettled, .settled:
            break
        case .corridorProcessing where isBatch:
            promotions.append(payment)
        default:
            return record(
                .stateMismatch, row.reference, payment.id, row.amount.minorUnits,
                "line \(row.line): settled at the partner, \(payment.state.rawValue) at Mekong")
        }
        var client = byClient[payment.clientID] ?? (0, 0, 0)
        client.count += 1
        client.valueMinor += row.amount.minorUnits
        client.feesMinor += row.fee.minorUnits
        byClient[payment.clientID] = client
        if !Self.within(businessDay, row.settledAt) {
            return record(
                .timing, row.reference, payment.id, row.amount.minorUnits,
                "line \(row.line): settled \(RFC3339.string(from: row.settledAt)), on another business day in Asia/Phnom_Penh")
        }
        record(.matched, row.reference, payment.id, row.amount.minorUnits, nil)
    }

    /// Adds `missing_in_file` for payments Mekong settled that business day which the file lacks.
    mutating func finish() {
        for payment in payments.unseen.map(payments.view(at:)).sorted(by: { $0.reference < $1.reference })
        where [.crossBorderSettled, .settled].contains(payment.state) && Self.within(businessDay, payment.updatedAt) {
            record(
                .missingInFile, payment.reference, payment.id, payment.amount.minorUnits,
                "Mekong settled \(payment.amount) on \(RFC3339.string(from: payment.updatedAt)); the file does not list it")
        }
    }

    /// Adds `position_mismatch` when the file's total (the partner's view of the account's
    /// movement that day) and the position ledger's movement for the same payments and day differ
    /// by more than the tolerance. Its value is the difference.
    mutating func comparePosition(corridor: String, ledgerMinor: Int64) {
        let difference = valueMinor - ledgerMinor
        guard abs(difference) > toleranceMinor else { return }
        func text(_ minor: Int64) -> String { "\(Money(minorUnits: minor, currency: currency).decimalString) \(currency.code)" }
        record(
            .positionMismatch, "position:\(corridor)", nil, difference,
            "the file moves \(text(valueMinor)); \(corridor)'s position ledger moved \(text(ledgerMinor)) for that day (difference \(text(difference)))"
        )
    }

    private mutating func record(_ kind: ReconciliationClass, _ reference: String, _ paymentID: String?, _ minor: Int64, _ detail: String?) {
        tallies[kind, default: Tally()].count += 1
        tallies[kind, default: Tally()].valueMinor += minor
        if kind != .matched, let detail {
            exceptions.append(Item(reconciliationClass: kind, reference: reference, paymentID: paymentID, detail: detail))
        }
    }

    /// Whether an instant falls in a day: from its first instant up to, not including, the next day's.
    static func within(_ day: DateInterval, _ instant: Date) -> Bool { day.start <= instant && instant < day.end }

    /// The business day `date` (YYYY-MM-DD) in Asia/Phnom_Penh.
    static func businessDay(_ date: String) -> DateInterval? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = phnomPenh
        guard parts.count == 3, date.count == 10,
            let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return DateInterval(start: start, end: end)
    }
}
