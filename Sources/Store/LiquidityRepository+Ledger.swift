public import Foundation
import PostgresNIO

/// The position ledger read back: movements with filters, hourly outflows for the forecast,
/// a business day's net movement for reconciliation, and imported flow history.
extension LiquidityRepository {
    /// Movements, newest first, filtered by corridor, kind and time (`from` inclusive, `to`
    /// exclusive); paged by the entry's id.
    public func entries(corridorID: String?, kind: String?, from: Date?, to: Date?, page: PageRequest) async throws -> Page<LiquidityEntry> {
        let afterID = page.after.flatMap { Int64($0.id) }
        let rows = try await database.query(
            """
            SELECT id, corridor_id, kind, balance_delta, reserved_delta, payment_id, request_id, note, at FROM liquidity_entries
            WHERE (\(corridorID)::text IS NULL OR corridor_id = \(corridorID)) AND (\(kind)::text IS NULL OR kind = \(kind))
              AND (\(from)::timestamptz IS NULL OR at >= \(from)) AND (\(to)::timestamptz IS NULL OR at < \(to))
              AND (\(afterID)::int8 IS NULL OR id < \(afterID))
            ORDER BY id DESC LIMIT \(page.readLimit)
            """, logger: logger)
        var entries: [LiquidityEntry] = []
        for try await (id, corridor, kind, balance, reserved, payment, request, note, at) in rows.decode(
            (Int64, String, String, Int64, Int64, String?, String?, String?, Date).self)
        {
            entries.append(
                LiquidityEntry(
                    id: id, corridorID: corridor, kind: kind, balanceDeltaMinor: balance, reservedDeltaMinor: reserved, paymentID: payment,
                    requestID: request, note: note, at: at))
        }
        return Page(reading: entries, limit: page.limit) { PageCursor(at: $0.at, id: String($0.id)) }
    }

    /// A corridor's outflows by hour since `from`: from the ledger's settlements for the hours
    /// since its first settlement, and from imported history for the hours before it; and the
    /// first hour either covers (nil: no history at all).
    public func hourlyOutflows(corridorID: String, since from: Date) async throws -> (outflows: [Date: Int64], coveredFrom: Date?) {
        let rows = try await database.query(
            """
            WITH first AS (
                SELECT date_trunc('hour', min(at)) AS hour FROM liquidity_entries WHERE corridor_id = \(corridorID) AND kind = 'settlement'
            )
            SELECT date_trunc('hour', e.at) AS hour, -sum(e.balance_delta)::int8 FROM liquidity_entries e
            WHERE e.corridor_id = \(corridorID) AND e.kind = 'settlement' AND e.at >= \(from)
            GROUP BY 1
            UNION ALL
            SELECT h.hour, h.outflow_minor FROM liquidity_flow_history h, first f
            WHERE h.corridor_id = \(corridorID) AND h.hour >= \(from) AND (f.hour IS NULL OR h.hour < f.hour)
            """, logger: logger)
        var outflows: [Date: Int64] = [:]
        for try await (hour, minor) in rows.decode((Date, Int64).self) { outflows[hour, default: 0] += minor }
        let covered = try await database.query(
            """
            SELECT least((SELECT min(hour) FROM liquidity_flow_history WHERE corridor_id = \(corridorID)),
                         (SELECT date_trunc('hour', min(at)) FROM liquidity_entries WHERE corridor_id = \(corridorID) AND kind = 'settlement'))
            """, logger: logger)
        var coveredFrom: Date?
        for try await first in covered.decode(Date?.self) { coveredFrom = first }
        return (outflows, coveredFrom)
    }

    /// Stores a flow history (replacing the hours it names); answers how many hours it holds.
    public func importHistory(corridorID: String, hours: [(hour: Date, outflowMinor: Int64)], source: String, at: Date) async throws -> Int {
        try await database.withTransaction(logger: logger) { connection in
            for chunk in stride(from: 0, to: hours.count, by: 2000).map({ Array(hours[$0..<min($0 + 2000, hours.count)]) }) {
                try await connection.query(
                    """
                    INSERT INTO liquidity_flow_history (corridor_id, hour, outflow_minor, source, imported_at)
                    SELECT \(corridorID), h, o, \(source), \(at) FROM unnest(\(chunk.map(\.hour))::timestamptz[], \(chunk.map(\.outflowMinor))::int8[]) AS x(h, o)
                    ON CONFLICT (corridor_id, hour) DO UPDATE SET outflow_minor = excluded.outflow_minor, source = excluded.source,
                        imported_at = excluded.imported_at
                    """, logger: logger)
            }
        }
        return hours.count
    }

    /// The position ledger's movement for one kind of entry (`settlement` for what outbound
    /// payments debited, `inbound` for what inbound credits brought in) over `day`, plus those of
    /// `alsoPayments` (settled by the reconciliation itself) whenever dated: the figure a
    /// partner's settlement file for that day should agree with.
    public func movement(corridorID: String, kind: String, day: DateInterval, alsoPayments: [String]) async throws -> Int64 {
        let rows = try await database.query(
            """
            SELECT coalesce(abs(sum(balance_delta)), 0)::int8 FROM liquidity_entries
            WHERE corridor_id = \(corridorID) AND kind = \(kind)
              AND ((at >= \(day.start) AND at < \(day.end)) OR payment_id = ANY (\(alsoPayments)::text[]))
            """, logger: logger)
        for try await movement in rows.decode(Int64.self) { return movement }
        return 0
    }
}
