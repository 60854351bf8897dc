import Corridors
import FX
import Foundation
import KHQR
import MekongCore
import Store

/// Receives a partner's signed credit for a Cambodian payee (KH-TH from PromptPay, KH-CN
/// from Alipay), in the partner's own format, and answers in it.
///
/// Checks, in order: the signature (1001), that the corridor takes inbound credits (2006),
/// the instruction's shape (2000), the partner's reference (a repeat with the same content
/// gets the same answer; with other content 2007), then `CorridorJudge`'s verdict, as for an
/// outbound payment: status, ops, scheduled maintenance, circuit breaker, type, credit
/// currency, hours, rate (3003), an amount that credits nothing (2000) and the limit in the
/// partner's currency (2005). During Bakong maintenance the credit is taken and held. Both
/// parties are screened: a possible match holds the credit for review (6001), answered to the
/// partner as pending and credited only if a compliance officer releases it. The payment is
/// then stored through INITIATED → VALIDATED → FX_PENDING in one transaction, exactly as an
/// outbound one, and its hand-off is the credit on the Bakong ledger. Inbound credits carry
/// no Mekong fee: the credited amount is the partner amount at the customer rate, rounded down.
struct InboundIntake: Sendable {
    let catalog: CorridorCatalog
    let rates: RateBoard
    let payments: PaymentRepository
    let dispatcher: PaymentDispatcher
    let maintenance: MaintenanceCalendar
    let clock: any WallClock
    /// Each inbound corridor's signing secret, resolved at start-up.
    let secrets: [String: Secret]
    /// KHQR charges a foreign wallet may pay (QR interoperability).
    let charges: ChargeRepository
    let screening: PartyScreening

    struct Answer {
        let status: Int
        let body: [UInt8]
    }

    static func clientID(corridor: String) -> String { "partner:\(corridor)" }

    func receive(corridorID: String, path: String, timestamp: String?, signature: String?, body: [UInt8]) async throws -> Answer {
        guard let entry = catalog.entry(corridorID) else { throw APIError(.notFound, "corridor '\(corridorID)' does not exist") }
        guard let adapter = entry.adapter as? any InboundCorridorAdapter, entry.spec.direction.carriesInbound else {
            throw APIError(.routeNotOffered, "\(corridorID) takes no inbound credits in this release", rule: "\(corridorID).direction")
        }
        try verify(corridorID: corridorID, method: "POST", path: path, timestamp: timestamp, signature: signature, body: body)
        let now = clock.now()
        let credit: InboundCredit
        do {
            credit = try adapter.readInbound(body)
            try InboundCreditCheck.check(credit)
        } catch {
            return answer(adapter, InboundStatus(partnerReference: "", paymentID: nil, state: nil, credited: nil, error: error))
        }
        if let existing = try await payments.find(corridorID: corridorID, partnerTransferRef: credit.partnerReference) {
            return repeatAnswer(adapter, existing: existing, credit: credit)
        }
        do {
            let charge = try await charge(paidBy: credit, now: now)
            let (payment, heldUntil) = try price(credit, entry: entry, now: now, charge: charge)
            if let charge, !(try await charges.claim(chargeID: charge.id, paymentID: payment.id, now: now)) {
                throw MekongError(.duplicateReference, "the KHQR charge \(charge.id) is already being paid, or has expired")
            }
            // Both parties screened: a possible match holds the credit (answered pending) until review.
            let review = try screening.review(of: payment, partnerCountry: entry.spec.country, at: now)
            var (stored, history, events) = try AcceptanceSteps.run(
                payment, creationEvent: charge.map { "received for KHQR charge \($0.id)" } ?? "received", held: review != nil, at: now)
            // The request's span, which continues the partner's trace when it sent a traceparent.
            stored.traceParent = TraceContext.traceparent()
            if let windowEnd = heldUntil, review == nil {
                stored.holdCode = ErrorCode.systemMaintenance.number
                stored.nextActionAt = windowEnd
            }
            let record = IdempotencyRecord(
                clientID: stored.clientID, key: "inbound:\(credit.partnerReference)",
                requestHash: Data(), responseStatus: 202, responseBody: Data(), resourceID: stored.id)
            switch try await payments.create(stored, history: history, events: events, idempotency: record, review: review) {
            case .created:
                if stored.holdCode == nil { dispatcher.enqueue(stored) }
                return answer(adapter, status(of: stored), http: 202)
            case .keyExists, .partnerReferenceExists, .quoteAlreadyUsed, .allowanceExceeded:
                if let charge { try await charges.release(chargeID: charge.id, paymentID: stored.id) }
                guard let existing = try await payments.find(corridorID: corridorID, partnerTransferRef: credit.partnerReference) else {
                    throw MekongError(.duplicateReference, "partner reference \(credit.partnerReference) is already in use")
                }
                return repeatAnswer(adapter, existing: existing, credit: credit)
            }
        } catch let error as MekongError {
            return answer(adapter, InboundStatus(partnerReference: credit.partnerReference, paymentID: nil, state: nil, credited: nil, error: error))
        }
    }

    /// The partner's status look-up for one of its credits.
    func status(corridorID: String, reference: String, path: String, timestamp: String?, signature: String?) async throws -> Answer {
        guard let entry = catalog.entry(corridorID), let adapter = entry.adapter as? any InboundCorridorAdapter else {
            throw APIError(.notFound, "corridor '\(corridorID)' takes no inbound credits")
        }
        try verify(corridorID: corridorID, method: "GET", path: path, timestamp: timestamp, signature: signature, body: [])
        guard let payment = try await payments.find(corridorID: corridorID, partnerTransferRef: reference) else {
            throw APIError(.notFound, "no inbound credit with reference \(reference)")
        }
        return answer(adapter, status(of: payment), http: 200)
    }

    private func verify(corridorID: String, method: String, path: String, timestamp: String?, signature: String?, body: [UInt8]) throws {
        guard let secret = secrets[corridorID] else {
            throw APIError(.corridorUnavailable, "inbound credits on \(corridorID) are not configured (no signing secret)")
        }
        guard
            PartnerSignature.verify(
                secret: secret.reveal(), timestampHeader: timestamp, signatureHeader: signature,
                method: method, path: path, body: body, now: clock.now())
        else {
            throw APIError(.invalidCredentials, "the partner signature is missing, wrong or stale")
        }
    }

    /// The pending charge a credit pays, when it carries the KHQR code the wallet scanned.
    private func charge(paidBy credit: InboundCredit, now: Date) async throws -> ChargeRecord? {
        guard let payload = credit.khqr else { return nil }
        let code: KHQRCode
        do throws(KHQRError) { code = try KHQRCodec.decode(payload) } catch {
            throw MekongError.invalid("the scanned KHQR code is not valid: \(error.description)")
        }
        guard let charge = try await charges.find(md5: KHQRCodec.md5(payload)) else {
            throw MekongError.invalid("no KHQR charge was made for this code")
        }
        guard charge.status != .paid, charge.paymentID == nil else {
            throw MekongError(.duplicateReference, "the KHQR charge \(charge.id) is already \(charge.status == .paid ? "paid" : "being paid")")
        }
        guard charge.status == .pending, charge.expiresAt > now else {
            throw MekongError.invalid("the KHQR charge \(charge.id) is \(charge.status == .pending ? "expired" : charge.status.rawValue)")
        }
        guard code.bakongAccountID == credit.beneficiaryAccount else {
            throw MekongError(
                .invalidBeneficiaryAccount, "the credit's payee \(AccountMask.mask(credit.beneficiaryAccount)) is not the code's account")
        }
        guard charge.amount.currency == credit.creditCurrency else {
            throw MekongError.invalid("the code is in \(charge.amount.currency.code); the credit asks for \(credit.creditCurrency.code)")
        }
        return charge
    }

    /// The credit priced at the customer rate (the reference less the corridor's spread, rounded
    /// down), once `CorridorJudge` has taken it; and when it is held until (Bakong maintenance).
    private func price(
        _ credit: InboundCredit, entry: CorridorCatalog.Entry, now: Date, charge: ChargeRecord?
    ) throws(MekongError)
        -> (PaymentRecord, heldUntil: Date?)
    {
        let spec = entry.spec
        var priced: (snapshot: RateSnapshot, reference: Rate, customer: Rate, credited: Money)?
        let pricing: CorridorJudge.Pricing
        do throws(MekongError) {
            guard let provider = spec.fxProvider else {
                throw MekongError(.corridorUnavailable, "\(spec.id) has no FX provider", rule: "\(spec.id).fx_provider")
            }
            let (snapshot, reference) = try rates.usableRate(
                provider: provider, pair: CurrencyPair(base: credit.amount.currency, quote: credit.creditCurrency), at: now)
            let customer = reference.lessSpread(basisPoints: spec.pricing.spreadBasisPoints)
            let credited = customer.convert(credit.amount, to: credit.creditCurrency)
            priced = (snapshot, reference, customer, credited)
            pricing = .priced(
                sent: credit.amount, arrives: credited, inPartnerCurrency: credit.amount,
                rate: "\(snapshot.id), \(Int(snapshot.age(at: now))) s old")
        } catch {
            pricing = .refused(error)
        }
        let request = CorridorJudge.Request(direction: .inbound, type: credit.paymentType, currency: credit.creditCurrency, pricing: pricing)
        let verdict = CorridorJudge.judge(entry, catalog: catalog, bakong: maintenance, request, at: now)
        if let refusal = verdict.refusal { throw refusal }
        guard let (snapshot, reference, customer, priceCredited) = priced else {
            throw MekongError(.corridorUnavailable, "\(spec.id) could not be priced")
        }
        var credited = priceCredited
        if let charge {
            // A KHQR payment credits the merchant exactly the code's amount; the partner's amount
            // must cover it at the customer rate (any excess is the partner's to return).
            guard credited >= charge.amount else {
                throw MekongError(.insufficientFunds, "\(credit.amount) converts to \(credited), less than the code's \(charge.amount)")
            }
            credited = charge.amount
        }
        let payment = PaymentRecord(
            id: Identifier.make("pay", at: now), clientID: Self.clientID(corridor: spec.id), quoteID: nil, direction: .inbound,
            partnerTransferRef: credit.partnerReference, corridorID: spec.id, paymentType: credit.paymentType, flow: .crossBorder,
            state: .initiated, version: 1, sourceAmount: credit.amount, fee: Money(minorUnits: 0, currency: credit.amount.currency),
            destinationAmount: credited, referenceRate: reference, customerRate: customer, snapshotID: snapshot.id,
            payerName: credit.payerName, payerAccount: credit.payerAccount, beneficiaryName: credit.beneficiaryName,
            beneficiaryAccount: credit.beneficiaryAccount, nextActionAt: now.addingTimeInterval(5), createdAt: now, updatedAt: now
        )
        return (payment, verdict.heldUntil)
    }

    private func repeatAnswer(_ adapter: any InboundCorridorAdapter, existing: PaymentRecord, credit: InboundCredit) -> Answer {
        let same =
            existing.sourceAmount == credit.amount && existing.destinationAmount.currency == credit.creditCurrency
            && existing.beneficiaryAccount == credit.beneficiaryAccount && existing.paymentType == credit.paymentType
        guard same else {
            return answer(
                adapter,
                InboundStatus(
                    partnerReference: credit.partnerReference, paymentID: nil, state: nil, credited: nil,
                    error: MekongError(.duplicateReference, "reference \(credit.partnerReference) was used for a different credit")))
        }
        return answer(adapter, status(of: existing), http: 200)
    }

    private func status(of payment: PaymentRecord) -> InboundStatus {
        let error = payment.errorCode.flatMap(ErrorCode.number).map { MekongError($0, payment.errorMessage ?? $0.summary) }
        return InboundStatus(
            partnerReference: payment.partnerTransferRef ?? "", paymentID: payment.id, state: payment.state,
            credited: payment.destinationAmount, error: payment.state == .crossBorderSettled ? nil : error)
    }

    private func answer(_ adapter: any InboundCorridorAdapter, _ status: InboundStatus, http: Int? = nil) -> Answer {
        Answer(status: http ?? status.error?.code.httpStatus ?? 200, body: adapter.inboundAnswer(status))
    }
}
