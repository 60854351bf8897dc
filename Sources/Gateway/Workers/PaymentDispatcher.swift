import Corridors
import Foundation
import Logging
import MekongCore
import ServiceLifecycle
import Store
import Tracing

/// Moves accepted payments through the partner: hands each to its corridor's adapter and
/// records the answer through the state machine.
///
/// New payments arrive in-process right after their transaction commits. A sweeper claims
/// anything due (`FOR UPDATE SKIP LOCKED`, with a lease) so that work left by a crash, a
/// restart or another instance is picked up. Rules:
/// - the hand-off (FX_PENDING → CORRIDOR_PROCESSING) is committed *before* the partner call,
///   with a lease past the call's total timeout;
/// - a payment in CORRIDOR_PROCESSING is only ever re-sent after a status inquiry says the
///   partner does not have it, at most `maxDispatchAttempts` sends in all;
/// - TIMEOUT is set only when an inquiry confirms the partner never received it after the
///   last send; a partner that keeps answering "pending" or nothing gets inquiries on the
///   configured schedule and then a review flag, never an automatic failure.
public struct PaymentDispatcher: Service {
    let payments: PaymentRepository
    let catalog: CorridorCatalog
    let clock: any WallClock
    let logger: Logger
    let sweepInterval: Duration
    let claimBatch: Int
    let workers: Int
    /// When to re-send, inquire, time out or flag for review.
    let policy: DispatchPolicy
    let maintenance: MaintenanceCalendar
    /// The Cambodian leg of inbound payments.
    let bakong: any TransferChannel
    /// Refunds due a step are taken on the same sweep.
    let refunds: RefundProcessor?
    /// The stage that keeps each partner call's exchanges (redacted) with its payments.
    private let exchangeKeeper: ExchangeKeeper
    /// The stage that submits batch corridors' closed cycles and fans their results out.
    private let cycleRunner: SettlementCycleRunner
    /// `workers` steps at once, from the queue and the sweeper together.
    private let slots: DispatchSlots
    private let stream: AsyncStream<PaymentRecord>
    private let continuation: AsyncStream<PaymentRecord>.Continuation

    init(
        payments: PaymentRepository, catalog: CorridorCatalog, clock: any WallClock, logger: Logger,
        sweepInterval: Duration, claimBatch: Int, workers: Int, inquirySchedule: [TimeInterval], maxDispatchAttempts: Int,
        maintenance: MaintenanceCalendar, cycles: SettlementCycleRepository, bakong: any TransferChannel, refunds: RefundProcessor?,
        exchanges: PartnerExchangeRepository? = nil
    ) {
        self.payments = payments
        self.catalog = catalog
        self.clock = clock
        self.logger = logger
        self.sweepInterval = sweepInterval
        self.claimBatch = claimBatch
        self.workers = workers
        policy = DispatchPolicy(inquirySchedule: inquirySchedule, maxDispatchAttempts: maxDispatchAttempts)
        self.maintenance = maintenance
        self.bakong = bakong
        self.refunds = refunds
        slots = DispatchSlots(workers)
        exchangeKeeper = ExchangeKeeper(exchanges: exchanges, logger: logger)
        cycleRunner = SettlementCycleRunner(
            payments: payments, cycles: cycles, catalog: catalog, clock: clock, logger: logger,
            exchangeKeeper: exchangeKeeper, lease: Self.lease(for: catalog))
        (stream, continuation) = AsyncStream.makeStream(of: PaymentRecord.self, bufferingPolicy: .unbounded)
    }

    /// Hands a just-committed payment to the dispatcher, as it was stored (its version guards
    /// every step, so no re-read is needed).
    func enqueue(_ payment: PaymentRecord) { continuation.yield(payment) }

    public func run() async throws {
        async let sweeping: Void = sweepUntilShutdown()
        await withDiscardingTaskGroup { group in
            for await payment in stream.cancelOnGracefulShutdown() { await start(payment, in: &group) }
        }
        await sweeping
    }

    /// Claims due work every `sweepInterval`. The steps it starts run on while it sweeps again:
    /// one slow partner call (up to its total timeout) never holds back the inquiries and
    /// re-sends that fall due meanwhile. A claimed payment is leased past its step's slowest
    /// call, so a later sweep does not claim it again while the step runs.
    private func sweepUntilShutdown() async {
        await withDiscardingTaskGroup { group in
            await PollingLoop.run(every: sweepInterval) {
                do {
                    // No more than the free workers can take now: a claimed payment is leased, and
                    // its lease should not run out while it waits for a worker.
                    let room = min(claimBatch, slots.available)
                    let due = room > 0 ? try await payments.claimDue(limit: room, lease: leaseSeconds, now: clock.now()) : []
                    for payment in due { await start(payment, in: &group) }
                    await cycleRunner.runDue()
                    await refunds?.runDue()
                    return room > 0 && due.count == room
                } catch {
                    logger.warning("sweep failed", metadata: ["error": "\(StoreError.summary(error))"])
                    return false
                }
            }
        }
    }

    /// Starts a payment's step in `group` once one of the `workers` is free.
    private func start(_ payment: PaymentRecord, in group: inout DiscardingTaskGroup) async {
        await slots.acquire()
        group.addTask {
            await advance(payment)
            slots.release()
        }
    }

    /// Lease on claimed work: past the slowest partner call plus a margin.
    private var leaseSeconds: TimeInterval { Self.lease(for: catalog) }

    static func lease(for catalog: CorridorCatalog) -> TimeInterval {
        let slowest = catalog.entries.compactMap { $0.spec.endpoint?.totalTimeoutMilliseconds }.max() ?? 30_000
        return TimeInterval(slowest) / 1000 + 5
    }

    /// Takes one step for a payment, whatever state it was left in: a span in the trace of the
    /// request that created it (`payment.hand_off` or `payment.inquire`), with the payment and
    /// its corridor on every line logged meanwhile.
    func advance(_ payment: PaymentRecord) async {
        let step: String
        switch payment.state {
        case .fxPending: step = "payment.hand_off"
        case .corridorProcessing: step = "payment.inquire"
        default: return
        }
        let context = LogContext.with(payment: payment.id, corridor: payment.corridorID, in: TraceContext.continuing(payment.traceParent))
        await withSpan(step, context: context) { span in
            span.attributes["mekong.payment.id"] = payment.id
            span.attributes["mekong.corridor"] = payment.corridorID
            do {
                if payment.state == .fxPending { try await handOff(payment) } else { try await inquire(payment) }
            } catch {
                span.recordError(error)
                logger.warning(
                    "payment step failed; the sweeper will retry", metadata: ["payment": "\(payment.id)", "error": "\(StoreError.summary(error))"])
            }
        }
    }

    /// Where a payment is handed off: the corridor's partner (outbound), or the Bakong ledger
    /// that credits the Cambodian payee (inbound).
    private func channel(for payment: PaymentRecord) -> (any TransferChannel)? {
        payment.direction == .inbound ? bakong : catalog.entry(payment.corridorID)?.adapter(live: payment.livemode)
    }

    private func handOff(_ payment: PaymentRecord) async throws {
        guard let adapter = channel(for: payment) else {
            _ = try await reschedule(payment, after: policy.inquirySchedule.last ?? 60, inquiry: false)
            return
        }
        let now = clock.now()
        if let windowEnd = maintenance.windowEnd(containing: now) {
            _ = try await payments.reschedule(
                paymentID: payment.id, version: payment.version, nextActionAt: windowEnd,
                addInquiry: false, addDispatchAttempt: false, needsReview: nil,
                holdCode: ErrorCode.systemMaintenance.number, at: now)
            return
        }
        if let batch = adapter as? any BatchCorridorAdapter, case .batch(let seconds) = batch.spec.settlement {
            // Store and forward: the payment joins a cycle; the cycle's batch is its hand-off.
            guard let cycle = SettlementCycle.joining(at: now, hours: batch.spec.hours, cycleSeconds: seconds) else {
                _ = try await reschedule(payment, after: policy.inquirySchedule.last ?? 60, inquiry: false)
                return
            }
            var change = try transition(
                payment, .handedToPartner, detail: "joined the cycle closing at \(RFC3339.string(from: cycle.closesAt))",
                at: now, next: nil)
            change.cycle = cycle
            _ = try await handOff(change, payment: payment)
            return
        }
        guard try await breakerAllows(payment, at: now) else { return }
        var change = try transition(
            payment, .handedToPartner, detail: nil, at: now,
            next: now.addingTimeInterval(leaseSeconds))
        change.addDispatchAttempt = true
        guard try await handOff(change, payment: payment) else { return }
        var sent = payment
        sent.state = change.machine.state
        sent.version = change.machine.version
        sent.dispatchAttempts += 1
        let outcome = await observed(payment, "send") { await adapter.submit(payment.instruction) }
        try await record(outcome, for: sent, adapter: adapter)
    }

    /// Asks the corridor's circuit breaker for a partner call. While it is open the payment
    /// waits (held with 5001) until the probe time; inbound payments' Bakong leg has no breaker.
    private func breakerAllows(_ payment: PaymentRecord, at now: Date) async throws -> Bool {
        guard payment.direction != .inbound, case .refused(let until) = catalog.breakers.permit(payment.corridorID, at: now) else { return true }
        _ = try await payments.reschedule(
            paymentID: payment.id, version: payment.version, nextActionAt: until,
            addInquiry: false, addDispatchAttempt: false, needsReview: nil,
            holdCode: ErrorCode.corridorUnavailable.number, at: now)
        return false
    }

    /// Makes a partner call for a payment: keeps the exchanges it made, reports its outcome to
    /// the corridor's breaker, times it (`mekong_partner_call_duration_seconds{corridor,
    /// operation, outcome}`) and traces it as a client span `partner.<operation>` with the
    /// corridor and what the partner answered; the call carries its `traceparent`.
    private func observed(_ payment: PaymentRecord, _ operation: String, _ call: () async -> PartnerOutcome) async -> PartnerOutcome {
        let partner = payment.direction == .inbound ? "BAKONG" : payment.corridorID
        return await withSpan("partner.\(operation)", ofKind: .client) { span in
            let started = ContinuousClock.now
            let outcome = await exchangeKeeper.recorded(about: [payment.id], call)
            PartnerCallMetrics.record(corridor: partner, operation: operation, outcome: outcome, since: started)
            if payment.direction != .inbound { catalog.breakers.record(payment.corridorID, outcome, at: clock.now()) }
            span.attributes["mekong.corridor"] = partner
            span.attributes["mekong.partner.status"] = PartnerCallMetrics.name(of: outcome)
            if case .ambiguous = outcome { span.setStatus(SpanStatus(code: .error, message: "no usable answer")) }
            return outcome
        }
    }

    /// Hands off through the corridor's control row; when ops have the corridor disabled the
    /// payment is held (5001) or rejected (5001), as its spec's in-flight policy says. On a
    /// prefunded corridor the hand-off also reserves what the payment pays out; when the
    /// position cannot cover it, the payment waits for funds (5002) or is rejected (5003).
    private func handOff(_ change: PaymentChange, payment: PaymentRecord) async throws -> Bool {
        var change = change
        let spec = catalog.entry(payment.corridorID)?.spec
        let policy = spec?.liquidity
        // An outbound payment on a prefunded corridor reserves what it pays out (its destination
        // amount, in the settlement currency), in the hand-off statement itself.
        if policy != nil, payment.direction == .outbound, payment.destinationAmount.currency == spec?.settlementCurrency {
            change.reserveMinor = payment.destinationAmount.minorUnits
        }
        switch try await payments.handOff(change, corridorID: payment.corridorID) {
        case .applied: return true
        case .lostRace: return false
        case .shortOfFunds:
            let now = clock.now()
            if policy?.onShortfall == .refuse {
                _ = try await payments.apply(
                    try transition(
                        payment, .partnerRejected(.insufficientLiquidity),
                        detail: "\(payment.corridorID)'s settlement account cannot pay \(payment.destinationAmount) now", at: now, next: nil))
            } else {
                // Queued: no next action until treasury's top-up or adjustment is approved, which
                // makes the queue due again in the order the payments came (LiquidityRepository.decide).
                _ = try await payments.reschedule(
                    paymentID: payment.id, version: payment.version, nextActionAt: nil,
                    addInquiry: false, addDispatchAttempt: false, needsReview: nil,
                    holdCode: ErrorCode.awaitingLiquidity.number, at: now)
            }
            return false
        case .inMaintenance(let window):
            // Scheduled maintenance holds every payment, whatever the in-flight policy, until the window ends.
            _ = try await payments.reschedule(
                paymentID: payment.id, version: payment.version, nextActionAt: window.endsAt,
                addInquiry: false, addDispatchAttempt: false, needsReview: nil,
                holdCode: ErrorCode.corridorUnavailable.number, at: clock.now())
            return false
        case .corridorClosed(let reason):
            let message = "\(payment.corridorID) is disabled by operations: \(reason ?? "no reason given")"
            if catalog.entry(payment.corridorID)?.spec.inFlightPolicy == .reject {
                _ = try await payments.apply(
                    try transition(payment, .partnerRejected(.corridorUnavailable), detail: message, at: clock.now(), next: nil))
            } else {
                _ = try await payments.reschedule(
                    paymentID: payment.id, version: payment.version, nextActionAt: clock.now().addingTimeInterval(2),
                    addInquiry: false, addDispatchAttempt: false, needsReview: nil,
                    holdCode: ErrorCode.corridorUnavailable.number, at: clock.now())
            }
            return false
        }
    }

    private func inquire(_ payment: PaymentRecord) async throws {
        guard let adapter = channel(for: payment), try await breakerAllows(payment, at: clock.now()) else { return }
        let outcome = await observed(payment, "inquire") { await adapter.inquire(reference: payment.id) }
        try await record(outcome, for: payment, adapter: adapter, afterInquiry: true)
    }

    /// Records what the partner said about a payment in CORRIDOR_PROCESSING.
    private func record(
        _ outcome: PartnerOutcome, for payment: PaymentRecord, adapter: any TransferChannel,
        afterInquiry: Bool = false
    ) async throws {
        let now = clock.now()
        switch policy.decide(
            outcome, dispatchAttempts: payment.dispatchAttempts, inquiryAttempts: payment.inquiryAttempts,
            afterInquiry: afterInquiry)
        {
        case .settle(let reference):
            var change = try transition(payment, .partnerSettled, detail: nil, at: now, next: nil)
            change.partnerReference = reference
            _ = try await withSpan("payment.settle") { span in
                span.attributes["mekong.payment.id"] = payment.id
                return try await payments.apply(change)
            }
        case .reject(let code, let message):
            _ = try await payments.apply(try transition(payment, .partnerRejected(code), detail: message, at: now, next: nil))
        case .resend:
            // Confirmed absent: safe to send again under the same reference.
            guard
                try await payments.reschedule(
                    paymentID: payment.id, version: payment.version,
                    nextActionAt: now.addingTimeInterval(leaseSeconds), addInquiry: afterInquiry,
                    addDispatchAttempt: true, needsReview: nil, at: now)
            else { return }
            var resent = payment
            resent.dispatchAttempts += 1
            logger.info(
                "partner has no record of the payment; sending again",
                metadata: ["payment": "\(payment.id)", "attempt": "\(resent.dispatchAttempts)"])
            try await record(await observed(payment, "resend") { await adapter.submit(payment.instruction) }, for: resent, adapter: adapter)
        case .timeout:
            _ = try await payments.apply(
                try transition(
                    payment, .partnerConfirmedNotReceived,
                    detail: "the partner confirmed it never received the payment after \(payment.dispatchAttempts) sends",
                    at: now, next: nil))
        case .inquire(let delay, _):
            if case .ambiguous(let reason) = outcome {
                logger.info("ambiguous partner answer; will inquire", metadata: ["payment": "\(payment.id)", "reason": "\(reason)"])
            }
            _ = try await reschedule(payment, after: delay, inquiry: afterInquiry)
        }
    }

    private func reschedule(_ payment: PaymentRecord, after delay: TimeInterval, inquiry: Bool) async throws -> Bool {
        let now = clock.now()
        let exhausted = policy.reviewDue(inquiryAttempts: payment.inquiryAttempts, afterInquiry: inquiry)
        if exhausted && !payment.needsReview {
            logger.warning("payment flagged for review: partner status still unresolved", metadata: ["payment": "\(payment.id)"])
        }
        return try await payments.reschedule(
            paymentID: payment.id, version: payment.version,
            nextActionAt: now.addingTimeInterval(delay), addInquiry: inquiry,
            addDispatchAttempt: false, needsReview: exhausted ? true : nil, at: now)
    }

    private func transition(_ payment: PaymentRecord, _ event: PaymentEvent, detail: String?, at: Date, next: Date?) throws -> PaymentChange {
        try PaymentEvents.change(payment, event, detail: detail, at: at, next: next)
    }
}
