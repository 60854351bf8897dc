import Foundation
import MekongCore
import Store

/// The outbox events of a charge, built once with their exact bodies: the KHQR gateway's
/// (`{"id","type","created_at","data":{…}}`) and the BakongPay one (`{"event","data","timestamp"}`).
/// Amounts are JSON numbers in their shortest form (10, 10.5), so that receivers which
/// re-serialise the body with `JSON.stringify` or Python's compact `json.dumps` before checking
/// `X-KHQR-Signature` get the same bytes.
enum ChargeEvents {
    static let bakongPayNames = [
        "charge.pending": "PAYMENT_PENDING", "charge.paid": "PAYMENT_SUCCESS",
        "charge.expired": "PAYMENT_EXPIRED", "charge.failed": "PAYMENT_FAILED",
    ]

    /// The test event a merchant's webhook is sent, in the subscription's format, with a
    /// `data.id` (or `data.transactionId`) as real events have, so receivers written for
    /// them handle it unchanged.
    static func test(format: String, merchantName: String, at instant: Date) -> (id: String, body: String) {
        let id = Identifier.make("evt", at: instant)
        let testID = Identifier.make("chg_test", at: instant)
        if format == "bakongpay" {
            return (
                id,
                ExactJSON.object([
                    .init(key: "event", value: .string("WEBHOOK_TEST")),
                    .init(
                        key: "data",
                        value: .object([
                            .init(key: "transactionId", value: .string(testID)), .init(key: "merchantName", value: .string(merchantName)),
                            .init(key: "message", value: .string("Test webhook from Mekong")),
                        ])),
                    .init(key: "timestamp", value: .number(String(Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))))),
                ]).serialized
            )
        }
        return (
            id,
            ExactJSON.object([
                .init(key: "id", value: .string(id)), .init(key: "type", value: .string("webhook.test")),
                .init(key: "created_at", value: .string(RFC3339.string(from: instant))),
                .init(
                    key: "data",
                    value: .object([
                        .init(key: "id", value: .string(testID)), .init(key: "merchant_name", value: .string(merchantName)),
                        .init(key: "message", value: .string("Test webhook from Mekong")),
                    ])),
            ]).serialized
        )
    }

    static func make(_ type: String, for charge: ChargeRecord, merchantName: String, at instant: Date) -> [OutboxEvent] {
        let id = Identifier.make("evt", at: instant)
        var data: [ExactJSON.Member] = [
            .init(key: "id", value: .string(charge.id)),
            .init(key: "amount", value: ExactJSON.decimal(charge.amount.decimalString)),
            .init(key: "currency", value: .string(charge.amount.currency.code)),
            .init(key: "status", value: .string(charge.status.rawValue)),
            .init(key: "md5_hash", value: .string(charge.md5Hash)),
            .init(key: "bill_number", value: .string(charge.billNumber)),
            .init(key: "merchant_name", value: .string(merchantName)),
        ]
        if let paidAt = charge.paidAt { data.append(.init(key: "paid_at", value: .string(RFC3339.string(from: paidAt)))) }
        if let reason = charge.failedReason { data.append(.init(key: "failure_reason", value: .string(reason))) }
        if let paymentID = charge.paymentID { data.append(.init(key: "payment_id", value: .string(paymentID))) }
        let body = ExactJSON.object([
            .init(key: "id", value: .string(id)), .init(key: "type", value: .string(type)),
            .init(key: "created_at", value: .string(RFC3339.string(from: instant))),
            .init(key: "livemode", value: .bool(ClientPartition.isLive(charge.clientID))), .init(key: "data", value: .object(data)),
        ]).serialized
        let bakongPay = ExactJSON.object([
            .init(key: "event", value: .string(bakongPayNames[type] ?? type)),
            .init(
                key: "data",
                value: .object([
                    .init(key: "transactionId", value: .string(charge.id)), .init(key: "md5", value: .string(charge.md5Hash)),
                    .init(key: "amount", value: ExactJSON.decimal(charge.amount.decimalString)),
                    .init(key: "currency", value: .string(charge.amount.currency.code)),
                    .init(key: "merchantName", value: .string(merchantName)),
                    .init(key: "hash", value: charge.bakongHash.map { .string($0) } ?? .null),
                ])),
            .init(key: "timestamp", value: .number(String(Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))))),
        ]).serialized
        return [
            OutboxEvent(
                id: id, aggregateID: charge.id, sequence: 0, type: type, payload: body, createdAt: instant,
                clientID: charge.clientID, body: body, bakongPayBody: bakongPay)
        ]
    }
}
