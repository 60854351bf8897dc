import Foundation
import KHQR
import Logging
import MekongCore
import ServiceLifecycle
import Store

/// KHQR charges: makes each charge's dynamic code, learns from Bakong when it is paid, and
/// expires it when its time is up. Every status change goes through `ChargeRepository.settle`
/// or `expireDue` (compare-and-set on `pending`), with its events in the same transaction.
struct ChargeTracker: Sendable {
    let charges: ChargeRepository
    /// The inbound payments that pay charges across a border.
    let payments: PaymentRepository
    let bakong: BakongTransactions
    let clock: any WallClock
    let logger: Logger
    let lifetime: TimeInterval
    let acquiringBank: String

    /// Makes and stores a pending charge for a merchant, in the caller's partition (a test
    /// key's charges are test charges).
    func create(for merchant: MerchantRecord, partition: String, amount: Money, description: String?, metadata: String) async throws -> ChargeRecord {
        let now = clock.now()
        let expires = now.addingTimeInterval(lifetime)
        let id = Identifier.make("chg", at: now)
        let bill = Self.billNumber(at: now)
        let code = KHQRCode(
            accountKind: .merchant, bakongAccountID: merchant.bakongAccountID, merchantID: merchant.clientID, acquiringBank: acquiringBank,
            currency: amount.currency, amount: amount, merchantName: Self.printable(merchant.name, maximum: 25),
            merchantCity: Self.printable(merchant.city, maximum: 15), billNumber: bill, storeLabel: nil, terminalLabel: nil,
            createdAtMilliseconds: Self.milliseconds(now), expiresAtMilliseconds: Self.milliseconds(expires))
        let payload: String
        do throws(KHQRError) { payload = try KHQRCodec.encode(code) } catch {
            throw APIError(.invalidRequest, "the charge cannot be made into a KHQR code: \(error.description)")
        }
        let charge = ChargeRecord(
            id: id, clientID: partition, amount: amount, description: description, metadata: metadata,
            status: .pending, qrCode: payload, md5Hash: KHQRCodec.md5(payload), billNumber: bill,
            createdAt: now, expiresAt: expires)
        try await charges.create(charge, events: ChargeEvents.make("charge.pending", for: charge, merchantName: merchant.name, at: now))
        return charge
    }

    /// Asks Bakong about pending charges and records those paid. Returns the charges that changed.
    @discardableResult
    func check(_ pending: [ChargeRecord]) async throws -> [ChargeRecord] {
        guard !pending.isEmpty else { return [] }
        let now = clock.now()
        var settled: [ChargeRecord] = []
        for batch in stride(from: 0, to: pending.count, by: 50).map({ Array(pending[$0..<min($0 + 50, pending.count)]) }) {
            let found = Dictionary(try await bakong.paid(md5s: batch.map(\.md5Hash)).map { ($0.md5, $0) }, uniquingKeysWith: { first, _ in first })
            for charge in batch {
                guard let payment = found[charge.md5Hash] else { continue }
                let name = try await charges.merchant(clientID: ClientPartition.client(of: charge.clientID))?.name ?? ""
                if let paid = try await charges.settle(
                    charge.id, paid: true, at: now, bakongHash: payment.hash,
                    payerAccount: payment.fromAccount.map(AccountMask.mask), paymentID: nil, failedReason: nil,
                    events: { ChargeEvents.make("charge.paid", for: $0, merchantName: name, at: now) })
                {
                    settled.append(paid)
                }
            }
            try await charges.markChecked(ids: batch.map(\.id), at: now)
        }
        return settled
    }

    /// Follows charges a cross-border payment is paying: paid when it settles, failed when it
    /// is rejected, times out or errs.
    @discardableResult
    func followClaimed() async throws -> [ChargeRecord] {
        var changed: [ChargeRecord] = []
        for charge in try await charges.pendingClaimed(limit: 200) {
            guard let paymentID = charge.paymentID, let payment = try await payments.find(id: paymentID, clientID: nil) else { continue }
            let now = clock.now()
            let name = try await charges.merchant(clientID: ClientPartition.client(of: charge.clientID))?.name ?? ""
            let outcome: ChargeRecord?
            switch payment.state {
            case .crossBorderSettled, .settled:
                outcome = try await charges.settle(
                    charge.id, paid: true, at: now, bakongHash: payment.partnerReference,
                    payerAccount: AccountMask.mask(payment.payerAccount), paymentID: paymentID, failedReason: nil
                ) {
                    ChargeEvents.make("charge.paid", for: $0, merchantName: name, at: now)
                }
            case .rejected, .timeout, .error:
                outcome = try await charges.settle(
                    charge.id, paid: false, at: now, bakongHash: nil, payerAccount: AccountMask.mask(payment.payerAccount),
                    paymentID: paymentID,
                    failedReason: "\(payment.corridorID) payment \(payment.state.rawValue): \(payment.errorMessage ?? "no reason given")"
                ) {
                    ChargeEvents.make("charge.failed", for: $0, merchantName: name, at: now)
                }
            default:
                outcome = nil
            }
            if let outcome { changed.append(outcome) }
        }
        return changed
    }

    /// Expires what is due.
    func expireDue() async throws -> [ChargeRecord] {
        let now = clock.now()
        return try await charges.expireDue(now: now, limit: 500) { charge, merchantName in
            ChargeEvents.make("charge.expired", for: charge, merchantName: merchantName, at: now)
        }
    }

    /// `BILL-20260419-7KQ2MX`: the date and six random characters.
    static func billNumber(at instant: Date) -> String {
        let day = String(RFC3339.string(from: instant).prefix(10)).replacingOccurrences(of: "-", with: "")
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        return "BILL-\(day)-" + String((0..<6).map { _ in alphabet.randomElement()! })
    }

    static func milliseconds(_ instant: Date) -> Int64 { Int64((instant.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A name as KHQR's tags 59 and 60 carry it: printable ASCII, cut to length.
    static func printable(_ text: String, maximum: Int) -> String {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { (0x20...0x7E).contains($0.value) }))
            .trimmingCharacters(in: .whitespaces)
        return String((kept.isEmpty ? "MERCHANT" : kept).prefix(maximum))
    }

    /// Polls Bakong for pending charges and expires the overdue, every `interval`.
    struct Watcher: Service {
        let desk: ChargeTracker
        let interval: Duration

        func run() async throws {
            await PollingLoop.run(every: interval) {
                do {
                    let pending = try await desk.charges.pendingToCheck(now: desk.clock.now(), limit: 200)
                    try await desk.check(pending)
                    try await desk.followClaimed()
                    _ = try await desk.expireDue()
                } catch {
                    desk.logger.warning("charge watcher step failed; next round retries", metadata: ["error": "\(StoreError.summary(error))"])
                }
                return false
            }
        }
    }
}
