import Crypto
import FX
import Foundation
import Hummingbird
import MekongCore
import Store
import Tracing

/// Accepts a payment from a quote, under an Idempotency-Key.
///
/// One batched read fetches the key's record and the quote; validation (quote, route, hours,
/// limit) and sanctions screening of both parties run in memory. Then one statement stores the
/// payment, which has already passed INITIATED → VALIDATED → FX_PENDING through the state
/// machine, with its history rows, its outbox events, the idempotency record, what it takes
/// from its sender's velocity allowance and, when screening found a possible match, its hold
/// and review, together with the other payments accepted at the same moment. A payment that
/// would pass a velocity limit is refused (2005) and nothing of it is stored. A concurrent
/// duplicate blocks on the idempotency row and then replays the first answer.
struct PaymentIntake: Sendable {
    struct Party {
        let name: String
        let account: String
    }

    let catalog: CorridorCatalog
    let payments: PaymentRepository
    let idempotency: IdempotencyRepository
    let dispatcher: PaymentDispatcher
    let acceptGrace: TimeInterval
    let maintenance: MaintenanceCalendar
    let clock: any WallClock
    let screening: PartyScreening
    let allowance: SenderAllowance
    let liquidity: LiquidityRepository

    /// The stored answer to return: status and JSON body.
    typealias Answer = IdempotentAnswer

    func accept(
        clientID: String, key: String, requestHash: Data, quoteID: String, reference: String? = nil,
        payer: Party, beneficiary: Party
    ) async throws -> Answer {
        // One read for both: the key's record (replayed first) and the quote.
        let (existing, quote) = try await idempotency.findWithQuote(clientID: clientID, key: key, quoteID: quoteID)
        if let existing { return try replay(existing, requestHash: requestHash) }
        let now = clock.now()
        do {
            var heldUntil: Date?
            var review: ScreeningReviewRecord?
            var velocity: VelocityTake?
            var (stored, history, events) = try withSpan("payment.validate_and_price") { span in
                let (payment, held) = try validate(
                    quote, quoteID: quoteID, clientID: clientID, reference: reference, payer: payer, beneficiary: beneficiary, now: now)
                heldUntil = held
                span.attributes["mekong.payment.id"] = payment.id
                span.attributes["mekong.corridor"] = payment.corridorID
                let spec = catalog.entry(payment.corridorID)?.spec
                review = try screening.review(of: payment, partnerCountry: spec?.country ?? "", at: now)
                velocity = spec.flatMap { SenderAllowance.take(payment, spec: $0, at: now) }
                return try AcceptanceSteps.run(payment, creationEvent: "created", held: review != nil, at: now)
            }
            // A corridor that refuses on a shortfall refuses here when its account is short now.
            if let spec = catalog.entry(stored.corridorID)?.spec, spec.liquidity?.onShortfall == .refuse,
                stored.destinationAmount.currency == spec.settlementCurrency,
                let available = try await liquidity.available(corridorID: spec.id), available < stored.destinationAmount.minorUnits
            {
                throw MekongError(
                    .insufficientLiquidity, "\(spec.id)'s settlement account cannot pay \(stored.destinationAmount) now",
                    rule: "\(spec.id).liquidity")
            }
            // The request's span, kept with the payment: its later work continues this trace.
            stored.traceParent = TraceContext.traceparent()
            // During the Bakong maintenance window the payment is accepted and held (4001),
            // and handed off when the window ends. A compliance hold outranks it.
            if let windowEnd = heldUntil, review == nil {
                stored.holdCode = ErrorCode.systemMaintenance.number
                stored.nextActionAt = windowEnd
            }
            let expected = catalog.entry(stored.corridorID).flatMap { CorridorJudge.expectedSettlement($0.spec, at: stored.nextActionAt ?? now) }
            let body = try JSONResponse.bytes(PaymentView(stored, history: history, expectedSettlementAt: expected))
            let record = IdempotencyRecord(
                clientID: clientID, key: key, requestHash: requestHash, responseStatus: 201,
                responseBody: Data(body), resourceID: stored.id)
            // Stored in a batch with the payments accepted at the same moment (one statement).
            let creation = try await withSpan("payment.store") { [stored, review, velocity] span in
                span.attributes["mekong.payment.id"] = stored.id
                return try await payments.create(
                    stored, history: history, events: events, idempotency: record, velocity: velocity, review: review)
            }
            switch creation {
            case .created:
                if stored.holdCode == nil { dispatcher.enqueue(stored) }
                return Answer(status: 201, body: body, replayed: false)
            case .keyExists(let existing):
                return try replay(existing, requestHash: requestHash)
            case .quoteAlreadyUsed, .partnerReferenceExists:
                throw MekongError(.quoteNotUsable, "quote \(quoteID) already backs another payment; request a new quote")
            case .allowanceExceeded:
                guard let spec = catalog.entry(stored.corridorID)?.spec else { throw MekongError(.limitExceeded, "velocity limit") }
                throw try await allowance.refusal(
                    clientID: clientID, account: payer.account, spec: spec, type: stored.paymentType, amount: stored.destinationAmount, at: now)
            }
        } catch let error as MekongError {
            // Deterministic refusals are remembered under the key, as Stripe does.
            let record = IdempotencyRecord(
                clientID: clientID, key: key, requestHash: requestHash,
                responseStatus: error.code.httpStatus, responseBody: Data(APIError.body(error)), resourceID: nil)
            let (held, stored) = try await idempotency.insertOrFetch(record)
            return try replay(held, requestHash: requestHash, replayed: !stored)
        }
    }

    private func replay(_ record: IdempotencyRecord, requestHash: Data, replayed: Bool = true) throws -> Answer {
        guard record.requestHash == requestHash else {
            throw APIError(.idempotencyKeyReused, "this Idempotency-Key was used with a different request")
        }
        return Answer(status: record.responseStatus, body: Array(record.responseBody), replayed: replayed)
    }

    private func validate(
        _ quote: QuoteRecord?, quoteID: String, clientID: String, reference: String?, payer: Party, beneficiary: Party, now: Date
    ) throws -> (PaymentRecord, heldUntil: Date?) {
        guard let quote else {
            throw MekongError(.notFound, "quote \(quoteID) not found")
        }
        guard quote.expiresAt > now else {
            throw MekongError(.quoteNotUsable, "quote \(quoteID) expired at \(RFC3339.string(from: quote.expiresAt)); request a new quote")
        }
        guard let entry = catalog.entry(quote.corridorID) else { throw MekongError(.corridorUnavailable, "corridor \(quote.corridorID) is gone") }
        let p = quote.priced
        // The quote's locked price is the payment's: the judge checks the corridor now, and the
        // limit against the amount locked.
        let request = CorridorJudge.Request(
            direction: .outbound, type: quote.paymentType, currency: p.sourceAmount.currency,
            pricing: .priced(
                sent: p.sourceAmount, arrives: p.destinationAmount, inPartnerCurrency: p.destinationAmount,
                rate: "\(p.snapshotID), locked by \(quote.id)"))
        let verdict = CorridorJudge.judge(entry, catalog: catalog, bakong: maintenance, request, at: now)
        if let refusal = verdict.refusal { throw refusal }
        guard ClientPartition.isLive(clientID) || entry.testAdapter != nil else {
            throw MekongError(
                .routeNotOffered, "\(entry.spec.id) names no test endpoint, so it takes no test-mode payments: use a live key (mk_live_)",
                rule: "\(entry.spec.id).test_endpoint")
        }
        let payment = PaymentRecord(
            id: Identifier.make("pay", at: now), clientID: clientID, clientReference: reference, quoteID: quote.id, corridorID: quote.corridorID,
            paymentType: quote.paymentType, flow: .crossBorder, state: .initiated, version: 1,
            sourceAmount: p.sourceAmount, fee: p.fee, destinationAmount: p.destinationAmount,
            referenceRate: p.referenceRate, customerRate: p.customerRate, snapshotID: p.snapshotID,
            payerName: payer.name, payerAccount: payer.account, beneficiaryName: beneficiary.name,
            beneficiaryAccount: beneficiary.account, nextActionAt: now.addingTimeInterval(acceptGrace),
            createdAt: now, updatedAt: now
        )
        return (payment, verdict.heldUntil)
    }

    /// The request's fingerprint: SHA-256 of the route and the body re-serialised with
    /// sorted keys, so whitespace and key order do not matter but every value does.
    static func fingerprint(route: String, body: ByteBuffer) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data(route.utf8))
        let raw = Data(body.readableBytesView)
        if let object = try? JSONSerialization.jsonObject(with: raw),
            let canonical = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        {
            hasher.update(data: canonical)
        } else {
            hasher.update(data: raw)
        }
        return Data(hasher.finalize())
    }
}
