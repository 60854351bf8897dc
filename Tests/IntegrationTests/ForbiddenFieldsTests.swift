import Foundation
import Testing

/// RELIABILITY.md item 12, second half: fields a client may not set.
@Suite("Fields a client may not set (RELIABILITY 12)")
struct ForbiddenFieldsTests {
    static let quote = #"{"corridor":"KH-TH","payment_type":"P2P","source":{"amount":"20.00","currency":"USD"}"#

    @Test(
        "a quote that tries to set its rate, fee or outcome is refused with 400 naming the field",
        arguments: [
            "rate", "customer_rate", "reference_rate", "fee", "destination", "expires_at", "snapshot_id",
        ])
    func quoteFields(field: String) async throws {
        let stack = try await MekongStack.shared()
        let reply = try await stack.app.post("/v1/quotes", Self.quote + #","\#(field)":"1""# + "}")
        #expect(reply.status == 400)
        #expect(reply.errorCode == 2000, "\(reply.text)")
        #expect((reply.error["message"] as? String)?.contains(field) == true, "\(reply.text)")
    }

    @Test(
        "a payment that tries to set its state, rate, fee or amount is refused with 400, and nothing is stored",
        arguments: [
            "status", "state", "fee", "customer_rate", "destination", "source", "id", "client_id",
        ])
    func paymentFields(field: String) async throws {
        let stack = try await MekongStack.shared()
        let quote = try await stack.app.post("/v1/quotes", Self.quote + "}")
        let quoteID = try #require(quote.json["id"] as? String)
        let body = String(MekongStack.paymentBody(quoteID: quoteID).dropLast()) + #","\#(field)":"SETTLED"}"#
        let reply = try await stack.app.post("/v1/payments", body, idempotencyKey: UUID().uuidString)
        #expect(reply.status == 400)
        #expect((reply.error["message"] as? String)?.contains(field) == true, "\(reply.text)")
        // The quote is still unused: a clean payment from it goes through.
        let clean = try await stack.app.post("/v1/payments", MekongStack.paymentBody(quoteID: quoteID), idempotencyKey: UUID().uuidString)
        #expect(clean.status == 201, "\(clean.text)")
    }
}
