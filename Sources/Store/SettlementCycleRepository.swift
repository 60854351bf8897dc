public import Foundation
public import Logging
public import MekongCore
import PostgresNIO

/// Settlement cycles of batch corridors.
///
/// A cycle is claimed by one instance at a time under a lease: the claim is an upsert that
/// succeeds only when the cycle is not settled and nobody holds a live lease, so any number
/// of gateways can run and each cycle is submitted by one of them; a lease left by a killed
/// instance is taken over once it expires.
public struct SettlementCycleRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Cycles of `corridorID` that have closed by `now` and still hold unsettled payments.
    public func dueCycles(corridorID: String, now: Date) async throws -> [SettlementCycle] {
        let rows = try await database.query(
            """
            SELECT DISTINCT cycle_starts_at, cycle_closes_at FROM payments
            WHERE corridor_id = \(corridorID) AND state = 'CORRIDOR_PROCESSING'
              AND cycle_starts_at IS NOT NULL AND cycle_closes_at <= \(now)
            ORDER BY cycle_starts_at
            """, logger: logger)
        var cycles: [SettlementCycle] = []
        for try await (starts, closes) in rows.decode((Date, Date).self) { cycles.append(SettlementCycle(startsAt: starts, closesAt: closes)) }
        return cycles
    }

    /// Claims a cycle for `owner` until `leaseUntil`. Returns false if another instance holds
    /// it or it is settled.
    public func claim(corridorID: String, cycle: SettlementCycle, owner: String, now: Date, leaseUntil: Date) async throws -> Bool {
        let rows = try await database.query(
            """
            INSERT INTO settlement_cycles (corridor_id, starts_at, closes_at, batch_id, state, lease_owner, lease_until, attempts)
            VALUES (\(corridorID), \(cycle.startsAt), \(cycle.closesAt), \(cycle.batchID(corridor: corridorID)), 'SUBMITTING', \(owner), \(leaseUntil), 1)
            ON CONFLICT (corridor_id, starts_at) DO UPDATE
                SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until,
                    attempts = settlement_cycles.attempts + 1
                WHERE settlement_cycles.state <> 'SETTLED' AND settlement_cycles.lease_until < \(now)
            RETURNING batch_id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Moves payments that joined `cycle` after it was settled (their hand-off committed just
    /// after the batch went out) to `next`. Returns how many moved.
    @discardableResult
    public func reassignStragglers(corridorID: String, cycle: SettlementCycle, next: SettlementCycle) async throws -> Int {
        let rows = try await database.query(
            """
            UPDATE payments SET cycle_starts_at = \(next.startsAt), cycle_closes_at = \(next.closesAt)
            WHERE corridor_id = \(corridorID) AND state = 'CORRIDOR_PROCESSING' AND cycle_starts_at = \(cycle.startsAt)
              AND EXISTS (SELECT 1 FROM settlement_cycles c WHERE c.corridor_id = \(corridorID) AND c.starts_at = \(cycle.startsAt)
                          AND c.state = 'SETTLED')
            RETURNING id
            """, logger: logger)
        var moved = 0
        for try await _ in rows { moved += 1 }
        return moved
    }

    /// The payments waiting in a cycle.
    public func members(corridorID: String, cycle: SettlementCycle) async throws -> [PaymentRecord] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: PaymentRepository.columns) FROM payments
            WHERE corridor_id = \(corridorID) AND state = 'CORRIDOR_PROCESSING' AND cycle_starts_at = \(cycle.startsAt)
            ORDER BY id
            """, logger: logger)
        var members: [PaymentRecord] = []
        for try await row in rows { members.append(try PaymentRepository.decode(row.makeRandomAccess())) }
        return members
    }

    /// Marks a cycle settled with its counts, and moves any payment that joined it after it
    /// was submitted to the next cycle.
    public func markSettled(
        corridorID: String, cycle: SettlementCycle, items: Int, settled: Int, rejected: Int,
        next: SettlementCycle?, now: Date
    ) async throws {
        try await database.withTransaction(logger: logger) { connection in
            try await connection.query(
                """
                UPDATE settlement_cycles SET state = 'SETTLED', item_count = \(items), settled_count = \(settled),
                    rejected_count = \(rejected), settled_at = \(now), lease_until = NULL
                WHERE corridor_id = \(corridorID) AND starts_at = \(cycle.startsAt)
                """, logger: logger)
            if let next {
                try await connection.query(
                    """
                    UPDATE payments SET cycle_starts_at = \(next.startsAt), cycle_closes_at = \(next.closesAt)
                    WHERE corridor_id = \(corridorID) AND state = 'CORRIDOR_PROCESSING' AND cycle_starts_at = \(cycle.startsAt)
                    """, logger: logger)
            }
        }
    }

    /// A cycle's record, for tests and the console: (state, attempts, item count).
    public func record(corridorID: String, startsAt: Date) async throws -> (state: String, attempts: Int, items: Int?)? {
        let rows = try await database.query(
            """
            SELECT state, attempts, item_count FROM settlement_cycles WHERE corridor_id = \(corridorID) AND starts_at = \(startsAt)
            """, logger: logger)
        for try await (state, attempts, items) in rows.decode((String, Int, Int?).self) { return (state, attempts, items) }
        return nil
    }
}
