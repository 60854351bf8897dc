import Foundation
import MekongCore
import PostgresNIO

/// Payment transitions applied together by `mekong_apply_transitions` (migration 013): each a
/// compare-and-set on the payment's version with its history row and events; those with a
/// guard corridor are hand-offs, applied only while the corridor is open (its gate held
/// shared) and outside maintenance, and, when they reserve, only if the corridor's position
/// covers them (migration 019). One row answers each transition, in order.
struct TransitionBatch: PostgresPreparedStatement {
    static let sql = """
        SELECT moved, closed, closed_reason, window_id, window_corridor, window_starts, window_ends, window_reason,
               window_created_by, window_created_at, short_of_funds
        FROM mekong_apply_transitions($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[], $6::timestamptz[],
            $7::bigint[], $8::text[], $9::bigint[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[], $14::text[],
            $15::text[], $16::bigint[], $17::text[], $18::text[], $19::bigint[], $20::text[], $21::text[], $22::timestamptz[],
            $23::text[], $24::text[], $25::text[], $26::bigint[])
        """
    typealias Row = (Bool, Bool, String?, String?, String?, Date?, Date?, String?, String?, Date?, Bool)

    /// Each change, with the corridor whose gate guards it (hand-offs) or nil.
    let batch: [(change: PaymentChange, guardedBy: String?)]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 26)
        let c = batch.map(\.change)
        b.append(c.map(\.paymentID))
        b.append(c.map(\.expectedVersion))
        b.append(c.map(\.machine.state.rawValue))
        b.append(c.map(\.machine.version))
        b.append(c.map(\.at))
        b.append(NullableArray(c.map(\.nextActionAt)))
        b.append(NullableArray(c.map(\.event.errorCode?.number)))
        b.append(NullableArray(c.map(\.partnerReference)))
        b.append(c.map { $0.addDispatchAttempt ? 1 : 0 })
        b.append(NullableArray(c.map(\.cycle?.startsAt)))
        b.append(NullableArray(c.map(\.cycle?.closesAt)))
        b.append(NullableArray(batch.map(\.guardedBy)))
        b.append(c.map(\.fromState.rawValue))
        b.append(c.map(\.event.name))
        b.append(NullableArray(c.map(\.detail)))
        let events = c.enumerated().flatMap { index, change in change.events.map { (index + 1, $0) } }
        b.append(events.map(\.0))
        OutboxColumns.append(events.map(\.1), to: &b)
        b.append(NullableArray(c.map(\.reserveMinor)))
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
