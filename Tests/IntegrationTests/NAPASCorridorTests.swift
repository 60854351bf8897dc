import Corridors
import Foundation
import Testing

@Suite("KH-VN NAPAS: a real-time pilot in business hours")
struct NAPASCorridorTests {
    @Test("in business hours a payment to Vietnam settles in whole dong, once at NAPAS")
    func settles() async throws {
        let stack = try await MekongStack.tuesday()
        let created = try await stack.pay(stack.app, corridor: "KH-VN", amount: "100.00")
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        // USD 100 × 25400 × (1 − 0.75%) = VND 2,520,950 (VND has no minor unit)
        #expect(created.json["destination"] as? [String: String] == ["amount": "2520950", "currency": "VND"])
        let final = try await stack.waitFor(id)
        #expect(final["state"] as? String == "CROSS_BORDER_SETTLED")
        let ledger = try await stack.ledgerEntries(for: id)
        #expect(ledger.count == 1)
        #expect(ledger.first?["amount"] as? String == "2520950")
        #expect(ledger.first?["currency"] as? String == "704")
    }

    @Test("NAPAS's response code 14 maps to 2003 and 51 to 2001", arguments: [("0000002003", 2003), ("0000002001", 2001)])
    func declines(account: String, code: Int) async throws {
        let stack = try await MekongStack.tuesday()
        let created = try await stack.pay(stack.app, corridor: "KH-VN", amount: "10.00", beneficiary: account)
        let final = try await stack.waitFor(try #require(created.json["id"] as? String))
        #expect(final["state"] as? String == "REJECTED")
        #expect((final["error"] as? [String: Any])?["code"] as? Int == code)
    }

    @Test("B2B is not offered on the pilot, and is refused as such")
    func b2bNotOffered() async throws {
        let stack = try await MekongStack.tuesday()
        let reply = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-VN","payment_type":"B2B","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(reply.errorCode == 2006)
        #expect((reply.error["message"] as? String)?.contains("does not offer B2B") == true)
    }

    @Test("above VND 10,000,000 the quote is refused with 2005")
    func limit() async throws {
        let stack = try await MekongStack.tuesday()
        let reply = try await stack.app.post(
            "/v1/quotes", #"{"corridor":"KH-VN","payment_type":"P2P","source":{"amount":"500.00","currency":"USD"}}"#)
        #expect(reply.errorCode == 2005)
        #expect(reply.error["rule"] as? String == "KH-VN.limits.P2P")
    }

    @Test("on a Sunday NAPAS is closed: 5001 with the hours rule and the next opening")
    func closedOnSunday() async throws {
        let stack = try await MekongStack.maintenance()
        let reply = try await stack.app.post("/v1/quotes", #"{"corridor":"KH-VN","payment_type":"P2P","source":{"amount":"10.00","currency":"USD"}}"#)
        #expect(reply.errorCode == 5001)
        #expect(reply.error["rule"] as? String == "KH-VN.hours")
        // Monday 7 December 2026, 08:00 in Ho Chi Minh City
        #expect((reply.error["details"] as? [String: String])?["next_opening_at"] == "2026-12-07T01:00:00Z")
        let corridor = try await stack.app.get("/v1/corridors/KH-VN").json
        #expect(corridor["open"] as? Bool == false)
        #expect(corridor["next_opening_at"] as? String == "2026-12-07T01:00:00Z")
    }
}

@Suite("Partner security: mutual TLS to NAPAS")
struct MutualTLSTests {
    @Test("the sandbox's TLS listener refuses a call without a client certificate and answers one with it")
    func clientCertificateRequired() async throws {
        let stack = try await MekongStack.shared()
        let url = "https://127.0.0.1:\(stack.tlsPort)/napas/v1/transfers/pay_none"
        let without = OutboundRequest(
            method: "GET", url: url, connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 5000,
            caPath: stack.certificates.caPath)
        await #expect(throws: TransportError.self) { _ = try await TestClient.transport.send(without) }
        let with = OutboundRequest(
            method: "GET", url: url, connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 5000,
            clientCertificatePath: stack.certificates.clientCertificatePath,
            clientKeyPath: stack.certificates.clientKeyPath, caPath: stack.certificates.caPath)
        let answer = try await TestClient.transport.send(with)
        #expect(answer.status == 404, "TLS with the client certificate reaches NAPAS, which has no such transfer")
        let unknownCA = OutboundRequest(
            method: "GET", url: url, connectTimeoutMilliseconds: 2000, totalTimeoutMilliseconds: 5000,
            clientCertificatePath: stack.certificates.clientCertificatePath,
            clientKeyPath: stack.certificates.clientKeyPath)
        await #expect(throws: TransportError.self, "the server's certificate is not trusted without the test CA") {
            _ = try await TestClient.transport.send(unknownCA)
        }
    }
}
