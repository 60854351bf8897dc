import Foundation
import Logging
import MekongCore
import Store

/// Refunds: `POST /v1/payments/{id}/refunds` returns all or part of a CROSS_BORDER_SETTLED
/// payment through a corridor whose spec allows returns.
///
/// Creation is idempotent (Idempotency-Key) and decided with the payment row locked, so
/// refunds never together exceed what settled in either currency (`RefundSplit`). Processing
/// follows the payment rules: the hand-off (PENDING → PROCESSING) is committed before the
/// partner call, a return is re-sent only after an inquiry finds nothing (the partner dedupes
/// on the refund id), and PROCESSED emits `refund.processed`.
struct RefundProcessor: Sendable {
    let catalog: CorridorCatalog
    let refunds: RefundRepository
    let clock: any WallClock
    let logger: Logger
    let inquirySchedule: [TimeInterval]
    let maxAttempts: Int
    let lease: TimeInterval

    typealias Answer = IdempotentAnswer

    func create(clientID: String, paymentID: String, key: String, requestHash: Data, requested: Money?, reason: String?) async throws -> Answer {
        let now = clock.now()
        let refundID = Identifier.make("ref", at: now)
        let catalog = self.catalog
        let outcome = try await refunds.create(paymentID: paymentID, clientID: clientID, idempotencyKey: key) {
            payment, refundedSource, refundedDestination in
            guard payment.state == .crossBorderSettled else {
                throw MekongError.invalid("payment \(payment.id) is \(payment.state.rawValue); only a CROSS_BORDER_SETTLED payment can be refunded")
            }
            guard payment.direction == .outbound, let spec = catalog.entry(payment.corridorID)?.spec, spec.allowsReturns,
                catalog.entry(payment.corridorID)?.adapter(live: payment.livemode) is any ReturningCorridorAdapter
            else {
                throw MekongError(
                    .routeNotOffered, "\(payment.corridorID) does not allow returns, so payment \(payment.id) cannot be refunded",
                    rule: "\(payment.corridorID).refunds")
            }
            let split: RefundSplit
            do {
                split = try RefundSplit.split(
                    requested: requested, settledSource: payment.sourceAmount, settledDestination: payment.destinationAmount,
                    refundedSource: Money(minorUnits: refundedSource, currency: payment.sourceAmount.currency),
                    refundedDestination: Money(minorUnits: refundedDestination, currency: payment.destinationAmount.currency))
            } catch let refusal as RefundSplit.Refusal {
                switch refusal {
                case .wrongCurrency:
                    throw MekongError.invalid(
                        "a refund of \(payment.id) is in \(payment.sourceAmount.currency.code) or \(payment.destinationAmount.currency.code)")
                case .notPositive: throw MekongError.invalid("the refund amount must be greater than zero")
                case .exceedsRemaining(let destination, let source):
                    throw MekongError(
                        .limitExceeded, "the refund exceeds what remains of payment \(payment.id): \(destination) (\(source))",
                        rule: "\(payment.corridorID).refunds.remaining",
                        details: [
                            "remaining": destination.decimalString, "remaining_currency": destination.currency.code,
                            "remaining_source": source.decimalString, "remaining_source_currency": source.currency.code,
                        ],
                        advice: "Refund at most what remains: \(destination) (\(source))")
                }
            }
            let refund = RefundRecord(
                id: refundID, paymentID: payment.id, corridorID: payment.corridorID, clientID: clientID,
                state: .pending, version: 1,
                destination: split.destination, source: split.source, reason: reason,
                nextActionAt: now.addingTimeInterval(5), createdAt: now, updatedAt: now)
            let body = try JSONResponse.bytes(RefundView(refund))
            return (
                refund,
                IdempotencyRecord(
                    clientID: clientID, key: key, requestHash: requestHash, responseStatus: 201,
                    responseBody: Data(body), resourceID: refund.id)
            )
        }
        switch outcome {
        case .paymentNotFound:
            throw APIError(.notFound, "payment '\(paymentID)' not found")
        case .keyExists(let existing):
            guard existing.requestHash == requestHash else {
                throw APIError(.idempotencyKeyReused, "this Idempotency-Key was used with a different request")
            }
            return Answer(status: existing.responseStatus, body: Array(existing.responseBody), replayed: true)
        case .created(let refund):
            let body = try JSONResponse.bytes(RefundView(refund))
            Task { await advance(refund) }
            return Answer(status: 201, body: body, replayed: false)
        }
    }

    /// Takes the refunds that are due and moves each one step.
    func runDue() async {
        do {
            let due = try await refunds.claimDue(limit: 100, lease: lease, now: clock.now())
            for refund in due { await advance(refund) }
        } catch {
            logger.warning("refund sweep failed", metadata: ["error": "\(StoreError.summary(error))"])
        }
    }

    func advance(_ refund: RefundRecord) async {
        do {
            guard
                let adapter = catalog.entry(refund.corridorID)?.adapter(live: ClientPartition.isLive(refund.clientID))
                    as? any ReturningCorridorAdapter
            else { return }
            switch refund.state {
            case .pending:
                var machine = RefundStateMachine(state: refund.state, version: refund.version)
                try machine.apply(.handedToPartner)
                let now = clock.now()
                guard
                    try await refunds.apply(
                        id: refund.id, expectedVersion: refund.version, machine: machine, at: now,
                        nextActionAt: now.addingTimeInterval(lease), partnerReference: nil, errorCode: nil,
                        errorMessage: nil, addAttempt: true, events: [])
                else { return }
                var sent = refund
                sent.state = machine.state
                sent.version = machine.version
                sent.attempts += 1
                try await record(await adapter.submitReturn(instruction(refund)), for: sent, adapter: adapter)
            case .processing:
                try await record(await adapter.inquireReturn(reference: refund.id), for: refund, adapter: adapter, afterInquiry: true)
            case .processed, .failed:
                break
            }
        } catch {
            logger.warning("refund step failed; the sweep will retry", metadata: ["refund": "\(refund.id)", "error": "\(StoreError.summary(error))"])
        }
    }

    private func instruction(_ refund: RefundRecord) -> ReturnInstruction {
        ReturnInstruction(reference: refund.id, originalReference: refund.paymentID, amount: refund.destination, reason: refund.reason)
    }

    private func record(
        _ outcome: PartnerOutcome, for refund: RefundRecord, adapter: any ReturningCorridorAdapter,
        afterInquiry: Bool = false
    ) async throws {
        let now = clock.now()
        var machine = RefundStateMachine(state: refund.state, version: refund.version)
        switch outcome {
        case .settled(let reference):
            try machine.apply(.partnerReturned)
            _ = try await refunds.apply(
                id: refund.id, expectedVersion: refund.version, machine: machine, at: now, nextActionAt: nil,
                partnerReference: reference, errorCode: nil, errorMessage: nil, addAttempt: false,
                events: [event(refund, machine: machine, type: "refund.processed", at: now)])
        case .rejected(let code, let message):
            try machine.apply(.partnerRefused(code))
            _ = try await refunds.apply(
                id: refund.id, expectedVersion: refund.version, machine: machine, at: now, nextActionAt: nil,
                partnerReference: nil, errorCode: code.number, errorMessage: message, addAttempt: false,
                events: [event(refund, machine: machine, type: "refund.failed", at: now)])
        case .notFound where refund.attempts < maxAttempts:
            try await refunds.reschedule(
                id: refund.id, version: refund.version, nextActionAt: now.addingTimeInterval(lease), addAttempt: true, at: now)
            var resent = refund
            resent.attempts += 1
            try await record(await adapter.submitReturn(instruction(refund)), for: resent, adapter: adapter)
        case .notFound:
            try machine.apply(.partnerRefused(.transactionTimeout))
            _ = try await refunds.apply(
                id: refund.id, expectedVersion: refund.version, machine: machine, at: now, nextActionAt: nil,
                partnerReference: nil, errorCode: ErrorCode.transactionTimeout.number,
                errorMessage: "the partner confirmed it never received the return after \(refund.attempts) sends",
                addAttempt: false, events: [event(refund, machine: machine, type: "refund.failed", at: now)])
        case .pending, .ambiguous, .deferred:
            let delay = inquirySchedule[min(refund.attempts, inquirySchedule.count - 1)]
            try await refunds.reschedule(
                id: refund.id, version: refund.version, nextActionAt: now.addingTimeInterval(delay), addAttempt: false, at: now)
        }
    }

    private func event(_ refund: RefundRecord, machine: RefundStateMachine, type: String, at: Date) -> OutboxEvent {
        struct Data: Encodable {
            let refundId: String
            let paymentId: String
            let originalRef: String
            let state: String
            let amount: AmountView
            let sourceAmount: AmountView
            let sequence: Int
            let timestamp: String
        }
        struct Envelope: Encodable {
            let id: String
            let type: String
            let createdAt: String
            let livemode: Bool
            let data: Data
        }
        let id = Identifier.make("evt", at: at)
        let timestamp = RFC3339.string(from: at)
        let payload =
            (try? JSONResponse.bytes(
                Envelope(
                    id: id, type: type, createdAt: timestamp, livemode: ClientPartition.isLive(refund.clientID),
                    data: Data(
                        refundId: refund.id, paymentId: refund.paymentID, originalRef: refund.paymentID, state: machine.state.rawValue,
                        amount: AmountView(refund.destination), sourceAmount: AmountView(refund.source), sequence: machine.version,
                        timestamp: timestamp)))) ?? []
        return OutboxEvent(
            id: id, aggregateID: refund.id, sequence: machine.version, type: type,
            payload: String(decoding: payload, as: UTF8.self), createdAt: at, clientID: refund.clientID)
    }
}
