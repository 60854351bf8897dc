import Foundation
import MekongCore
import NIOCore
import PostgresNIO

/// New payments stored together: their idempotency records, the payments, their history rows
/// and their outbox events, each table written once for the whole batch from one array per
/// column (`unnest`), so the statement is the same for every batch size and is prepared once
/// per connection. One statement is one transaction: the batch commits whole or not at all.
///
/// Events of a client with no live webhook subscription are written already fanned out.
///
/// A payment's velocity charges are added to its sender's counters (`sender_usage`, summed per
/// counter within the batch); the counter's CHECK refuses the whole statement when any sender
/// would pass a limit, and `PaymentRepository.create` splits the batch to find the payment that
/// does not fit. A payment held on a possible sanctions match is written with its review row.
struct AcceptBatch: PostgresPreparedStatement {
    static let sql = """
        WITH keys AS (
            INSERT INTO idempotency_keys (client_id, key, request_hash, response_status, response_body, resource_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bigint[], $5::bytea[], $6::text[])
        ), created AS (
            INSERT INTO payments (id, client_id, quote_id, direction, partner_transfer_ref, corridor_id, payment_type, flow, state, version,
                source_minor, source_currency, fee_minor, destination_minor, destination_currency, reference_rate,
                customer_rate, snapshot_id, payer_name, payer_account, beneficiary_name, beneficiary_account,
                dispatch_attempts, inquiry_attempts, next_action_at, needs_review, hold_code, created_at, updated_at, client_reference, trace_parent,
                velocity_sender, velocity_minor, velocity_day)
            SELECT * FROM unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[],
                $15::text[], $16::bigint[], $17::bigint[], $18::text[], $19::bigint[], $20::bigint[], $21::text[], $22::bigint[],
                $23::bigint[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[], $29::bigint[], $30::bigint[],
                $31::timestamptz[], $32::boolean[], $33::bigint[], $34::timestamptz[], $35::timestamptz[], $53::text[], $54::text[],
                $66::text[], $67::bigint[], $68::text[]::date[])
        ), usage AS (
            INSERT INTO sender_usage (sender, corridor_id, payment_type, period, starts_on, used_minor, limit_minor, currency,
                client_id, account_mask, updated_at)
            SELECT u.sender, u.corridor_id, u.payment_type, u.period, u.starts_on::date, sum(u.amount), max(u.limit_minor), max(u.currency),
                   max(u.client_id), max(u.account_mask), max(u.at)
            FROM unnest($55::text[], $56::text[], $57::text[], $58::text[], $59::text[], $60::bigint[], $61::bigint[], $62::text[],
                        $63::text[], $64::text[], $65::timestamptz[])
                 AS u(sender, corridor_id, payment_type, period, starts_on, amount, limit_minor, currency, client_id, account_mask, at)
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (sender, corridor_id, payment_type, period, starts_on) DO UPDATE
                SET used_minor = sender_usage.used_minor + EXCLUDED.used_minor, limit_minor = EXCLUDED.limit_minor,
                    updated_at = EXCLUDED.updated_at
        ), reviews AS (
            INSERT INTO screening_reviews (payment_id, corridor_id, direction, status, hits, top_score, created_at)
            SELECT r.payment_id, r.corridor_id, r.direction, 'open', r.hits::jsonb, r.top_score, r.created_at
            FROM unnest($69::text[], $70::text[], $71::text[], $72::text[], $73::float8[], $74::timestamptz[])
                 AS r(payment_id, corridor_id, direction, hits, top_score, created_at)
        ), history AS (
            INSERT INTO payment_history (payment_id, version, from_state, to_state, event, error_code, detail, at)
            SELECT * FROM unnest($36::text[], $37::bigint[], $38::text[], $39::text[], $40::text[], $41::bigint[], $42::text[], $43::timestamptz[])
        )
        INSERT INTO outbox_events (id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body, fanned_out_at)
        SELECT e.id, e.aggregate_id, e.sequence, e.type, e.payload::jsonb, e.created_at, e.client_id, e.body, e.bakongpay_body,
               CASE WHEN s.client_id IS NULL THEN e.created_at END
        FROM unnest($44::text[], $45::text[], $46::bigint[], $47::text[], $48::text[], $49::timestamptz[], $50::text[], $51::text[], $52::text[])
             AS e(id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body)
        LEFT JOIN mekong_subscribed_clients s ON s.client_id = e.client_id
        """
    typealias Row = Int

    let batch: [NewPayment]

    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 74)
        let keys = batch.map(\.idempotency)
        b.append(keys.map(\.clientID))
        b.append(keys.map(\.key))
        b.append(keys.map { ByteBuffer(bytes: $0.requestHash) })
        b.append(keys.map(\.responseStatus))
        b.append(keys.map { ByteBuffer(bytes: $0.responseBody) })
        b.append(NullableArray(keys.map(\.resourceID)))

        let p = batch.map(\.payment)
        b.append(p.map(\.id))
        b.append(p.map(\.clientID))
        b.append(NullableArray(p.map(\.quoteID)))
        b.append(p.map(\.direction.rawValue))
        b.append(NullableArray(p.map(\.partnerTransferRef)))
        b.append(p.map(\.corridorID))
        b.append(p.map(\.paymentType.rawValue))
        b.append(p.map(\.flow.rawValue))
        b.append(p.map(\.state.rawValue))
        b.append(p.map(\.version))
        PriceColumns.append(
            source: p.map(\.sourceAmount), fee: p.map(\.fee), destination: p.map(\.destinationAmount),
            reference: p.map(\.referenceRate), customer: p.map(\.customerRate), snapshot: p.map(\.snapshotID), to: &b)
        b.append(p.map(\.payerName))
        b.append(p.map(\.payerAccount))
        b.append(p.map(\.beneficiaryName))
        b.append(p.map(\.beneficiaryAccount))
        b.append(p.map(\.dispatchAttempts))
        b.append(p.map(\.inquiryAttempts))
        b.append(NullableArray(p.map(\.nextActionAt)))
        b.append(p.map(\.needsReview))
        b.append(NullableArray(p.map(\.holdCode)))
        b.append(p.map(\.createdAt))
        b.append(p.map(\.updatedAt))

        let history = batch.flatMap { item in item.history.map { (item.payment.id, $0) } }
        b.append(history.map(\.0))
        b.append(history.map(\.1.version))
        b.append(NullableArray(history.map(\.1.fromState?.rawValue)))
        b.append(history.map(\.1.toState.rawValue))
        b.append(history.map(\.1.event))
        b.append(NullableArray(history.map(\.1.errorCode)))
        b.append(NullableArray(history.map(\.1.detail)))
        b.append(history.map(\.1.at))

        OutboxColumns.append(batch.flatMap(\.events), to: &b)
        b.append(NullableArray(p.map(\.clientReference)))
        b.append(NullableArray(p.map(\.traceParent)))

        let charges = batch.flatMap { $0.velocity?.charges ?? [] }
        b.append(charges.map(\.sender))
        b.append(charges.map(\.corridorID))
        b.append(charges.map(\.paymentType))
        b.append(charges.map(\.period))
        b.append(charges.map(\.startsOn))
        b.append(charges.map(\.amountMinor))
        b.append(charges.map(\.limitMinor))
        b.append(charges.map(\.currency))
        b.append(charges.map(\.clientID))
        b.append(charges.map(\.accountMask))
        b.append(charges.map(\.at))
        b.append(NullableArray(batch.map(\.velocity?.sender)))
        b.append(NullableArray(batch.map(\.velocity?.amountMinor)))
        b.append(NullableArray(batch.map(\.velocity?.day)))

        let reviews = batch.compactMap(\.review)
        b.append(reviews.map(\.paymentID))
        b.append(reviews.map(\.corridorID))
        b.append(reviews.map(\.direction))
        b.append(reviews.map(\.hits))
        b.append(reviews.map(\.topScore))
        b.append(reviews.map(\.createdAt))
        return b
    }

    func decodeRow(_ row: PostgresRow) throws -> Int { try row.decode(Int.self) }
}
