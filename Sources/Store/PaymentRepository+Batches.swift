import Foundation
import Logging
import MekongCore
import PostgresNIO

/// The batched writes behind `PaymentRepository.create`, `apply` and `handOff`.
extension PaymentRepository {
    /// Stores a batch of new payments in one statement. When the statement fails on a
    /// conflict (a reused Idempotency-Key, a quote already used, an inbound reference already
    /// stored), a sender's velocity limit (the CHECK on `sender_usage`) or a deadlock, nothing of the batch was written: it is split and tried again, down
    /// to single payments, so one request's conflict never fails the others.
    ///
    /// Requests that repeat an Idempotency-Key already in the batch (a client's concurrent
    /// retries) are not sent: each gets the first one's outcome — a replay of its record when it
    /// was created — so a burst of duplicates costs one insert, not a failed batch and a
    /// one-by-one pass.
    static func create(_ batch: [NewPayment], on database: Database, logger: Logger) async throws -> [Result<PaymentCreation, any Error>] {
        var firstOf: [String: Int] = [:]
        var unique: [NewPayment] = []
        let slot = batch.map { item -> (index: Int, repeated: Bool) in
            let key = item.idempotency.clientID + "\u{0}" + item.idempotency.key
            if let index = firstOf[key] { return (index, true) }
            firstOf[key] = unique.count
            unique.append(item)
            return (unique.count - 1, false)
        }
        let results = try await createDistinct(unique, on: database, logger: logger)
        return slot.map { slot in
            guard slot.repeated, case .success(.created) = results[slot.index] else { return results[slot.index] }
            return .success(.keyExists(unique[slot.index].idempotency))
        }
    }

    /// `create` for a batch whose Idempotency-Keys are all different. A batch that fails on a
    /// conflict, a sender's velocity limit or a deadlock is split in halves, each tried again, down to single payments:
    /// one conflicting request in a batch of 128 costs about 14 statements, not 128.
    private static func createDistinct(
        _ batch: [NewPayment], on database: Database, logger: Logger
    ) async throws -> [Result<PaymentCreation, any Error>] {
        do {
            _ = try await database.execute(AcceptBatch(batch: batch), logger: logger)
            return batch.map { _ in .success(.created) }
        } catch
            where batch.count > 1
            && (StoreError.isUniqueViolation(error) || StoreError.isDeadlock(error) || StoreError.isCheckViolation(error, constraint: Self.allowance))
        {
            let middle = batch.count / 2
            let first = try await createDistinct(Array(batch[..<middle]), on: database, logger: logger)
            return first + (try await createDistinct(Array(batch[middle...]), on: database, logger: logger))
        } catch  where batch.count == 1 {
            do {
                return [.success(try await classify(error, of: batch[0], on: database, logger: logger))]
            } catch {
                return [.failure(error)]
            }
        }
    }

    /// The CHECK on a sender's velocity counter (migration 018).
    static let allowance = "sender_usage_within_limit"

    /// What a single payment's failed insert means, or the error again if it is not a conflict.
    private static func classify(_ error: any Error, of item: NewPayment, on database: Database, logger: Logger) async throws -> PaymentCreation {
        if StoreError.isUniqueViolation(error, constraint: "idempotency_keys_pkey") {
            guard
                let existing = try await IdempotencyRepository.find(
                    clientID: item.idempotency.clientID, key: item.idempotency.key, on: database, logger: logger)
            else { throw error }
            return .keyExists(existing)
        }
        if StoreError.isUniqueViolation(error, constraint: "payments_quote_id_key") { return .quoteAlreadyUsed }
        if StoreError.isUniqueViolation(error, constraint: "payments_partner_transfer") { return .partnerReferenceExists }
        if StoreError.isCheckViolation(error, constraint: Self.allowance) { return .allowanceExceeded }
        throw error
    }

    /// Applies a batch of transitions in one call (`mekong_apply_transitions`); answers each.
    static func apply(_ batch: [(change: PaymentChange, guardedBy: String?)], on database: Database, logger: Logger) async throws -> [HandOff] {
        let rows = try await database.execute(TransitionBatch(batch: batch), logger: logger)
        guard rows.count == batch.count else { throw GroupCommitMismatch(expected: batch.count, answered: rows.count) }
        return rows.map { moved, closed, reason, windowID, corridor, starts, ends, windowReason, createdBy, createdAt, short in
            if moved { return .applied }
            if short { return .shortOfFunds }
            if closed { return .corridorClosed(reason: reason) }
            if let windowID, let corridor, let starts, let ends, let windowReason, let createdBy, let createdAt {
                return .inMaintenance(
                    MaintenanceWindow(
                        id: windowID, corridorID: corridor, startsAt: starts, endsAt: ends, reason: windowReason,
                        createdBy: createdBy, createdAt: createdAt, cancelledBy: nil, cancelledAt: nil))
            }
            return .lostRace
        }
    }
}
