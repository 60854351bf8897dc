import Corridors
import Crypto
import Foundation
import Logging
import MekongCore
import Store

/// Runs a reconciliation: streams the file's lines through the reader and the engine
/// (hashing them as they pass), then — unless the same file was already imported for that
/// corridor and day, in which case nothing changes and the earlier report is returned —
/// promotes settled batch payments through the state machine, and stores the run, its
/// exceptions and the `reconciliation.daily` events in one transaction.
struct ReconciliationRunner: Sendable {
    let runs: ReconciliationRepository
    let payments: PaymentRepository
    let liquidity: LiquidityRepository
    let catalog: CorridorCatalog
    let toleranceMinor: Int64
    let clock: any WallClock
    let logger: Logger

    struct Outcome {
        let run: ReconciliationRun
        let replayed: Bool
    }

    func reconcile(
        corridorID: String, businessDate: String, actor: String,
        lines: some AsyncSequence<[UInt8], any Error>
    ) async throws -> Outcome {
        guard let entry = catalog.entry(corridorID), entry.spec.status != .planned, let reader = SettlementFileReader(spec: entry.spec) else {
            let readable = catalog.entries.filter { $0.spec.status != .planned && SettlementFileReader(spec: $0.spec) != nil }.map(\.spec.id)
            throw APIError(.routeNotOffered, "Mekong reads settlement files for \(readable.joined(separator: ", ")), not \(corridorID)")
        }
        guard let day = ReconciliationEngine.businessDay(businessDate) else {
            throw APIError(.invalidRequest, "query 'date' must be a day such as 2026-11-21")
        }
        // Payments a file for that day can name: made from a week before to a day after. A
        // partner's file lists the transfers Mekong sent it, or for an inbound-only corridor
        // those it sent Mekong.
        var index = PaymentIndex(currency: reader.currency)
        let direction = entry.spec.direction == .inboundOnly ? "inbound" : "outbound"
        try await runs.payments(
            corridorID: corridorID, direction: direction, from: day.start.addingTimeInterval(-7 * 86_400),
            to: day.end.addingTimeInterval(86_400)
        ) { id, clientID, reference, state, amount, updatedAt in
            guard let state = PaymentState(rawValue: state) else { return }
            index.add(id: id, clientID: clientID, reference: reference, state: state, amount: amount, updatedAt: updatedAt)
        }
        var isBatch = false
        if case .batch = entry.spec.settlement { isBatch = true }
        var engine = ReconciliationEngine(
            businessDay: day, toleranceMinor: toleranceMinor, currency: reader.currency,
            payments: index, isBatch: isBatch)
        var hasher = SHA256()
        var number = 0
        for try await line in lines {
            number += 1
            hasher.update(data: line)
            hasher.update(data: [0x0A])
            let text: String
            switch TextRule.file(line) {
            case .success(let checked): text = checked
            case .failure(let fault):
                throw APIError(
                    .invalidRequest, "the \(corridorID) settlement file, line \(number): \(fault.message)", details: ["line": String(number)])
            }
            do throws(SettlementFileReader.Fault) {
                if let row = try reader.read(text, line: number) { engine.add(row) }
            } catch {
                throw APIError(.invalidRequest, "the \(corridorID) settlement file: \(error.description)", details: ["line": String(number)])
            }
        }
        let sha = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        if let current = try await runs.current(corridorID: corridorID, businessDate: businessDate), current.fileSHA256 == sha {
            return Outcome(run: current, replayed: true)
        }
        engine.finish()
        let now = clock.now()
        var promoted: [String] = []
        for payment in engine.promotions {
            guard let record = try await payments.find(id: payment.id, clientID: nil), record.state == .corridorProcessing else { continue }
            let change = try PaymentEvents.change(
                record, .partnerSettled, detail: "settled in the \(corridorID) settlement file of \(businessDate)",
                at: now, next: nil)
            if try await payments.apply(change) { promoted.append(record.id) }
        }
        // A prefunded corridor's position ledger must have moved what the file says, that day.
        if entry.spec.liquidity != nil, entry.spec.settlementCurrency == reader.currency {
            let ledger = try await liquidity.movement(
                corridorID: corridorID, kind: direction == "inbound" ? "inbound" : "settlement", day: day, alsoPayments: promoted)
            engine.comparePosition(corridor: corridorID, ledgerMinor: ledger)
        }
        let id = Identifier.make("rec", at: now)
        let report = ReconciliationReport(
            id: id, corridor: corridorID, businessDate: businessDate, sha: sha, engine: engine, promoted: promoted, at: now)
        let run = ReconciliationRun(
            id: id, corridorID: corridorID, businessDate: businessDate, fileSHA256: sha, status: "current",
            rows: engine.rows, report: String(decoding: try JSONResponse.bytes(report), as: UTF8.self),
            createdBy: actor, createdAt: now)
        let exceptions = engine.exceptions.map {
            ReconciliationException(
                id: Identifier.make("rex", at: now), runID: id, reconciliationClass: $0.reconciliationClass.rawValue,
                reference: $0.reference, paymentID: $0.paymentID, detail: $0.detail)
        }
        try await runs.save(run, exceptions: exceptions, events: events(engine, run: run, at: now))
        logger.info(
            "reconciled",
            metadata: [
                "corridor": "\(corridorID)", "date": "\(businessDate)", "rows": "\(engine.rows)",
                "exceptions": "\(exceptions.count)", "promoted": "\(promoted.count)",
            ])
        return Outcome(run: run, replayed: false)
    }

    /// `reconciliation.daily` for each client with payments in the file: its own totals.
    private func events(_ engine: ReconciliationEngine, run: ReconciliationRun, at now: Date) throws -> [OutboxEvent] {
        try engine.byClient.sorted(by: { $0.key < $1.key }).enumerated().map { index, entry in
            let (client, totals) = entry
            let id = Identifier.make("evt", at: now)
            func amount(_ minor: Int64) -> [String: String] {
                ["amount": Money(minorUnits: minor, currency: engine.currency).decimalString, "currency": engine.currency.code]
            }
            let payload: [String: Any] = [
                "id": id, "type": "reconciliation.daily", "created_at": RFC3339.string(from: now),
                "data": [
                    "date": run.businessDate, "corridor": run.corridorID, "reconciliation_id": run.id,
                    "total_transactions": totals.count, "total_value": amount(totals.valueMinor),
                    "net_settlement": amount(totals.valueMinor - totals.feesMinor),
                ] as [String: Any],
            ]
            let text = String(decoding: try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]), as: UTF8.self)
            return OutboxEvent(
                id: id, aggregateID: run.id, sequence: index, type: "reconciliation.daily", payload: text, createdAt: now, clientID: client)
        }
    }
}
