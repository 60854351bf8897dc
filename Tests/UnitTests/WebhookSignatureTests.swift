import Foundation
import Gateway
import Testing

@Suite("Webhook signatures: the Standard Webhooks test vector and verification")
struct WebhookSignatureTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp = 1_614_265_330
    static let body = Array(#"{"test": 2432232314}"#.utf8)
    static let at = Date(timeIntervalSince1970: TimeInterval(timestamp))

    @Test("the Standard Webhooks test vector reproduces byte for byte")
    func testVector() {
        #expect(
            WebhookSignature.sign(secret: Self.secret, id: Self.id, timestamp: Self.timestamp, body: Self.body)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("a changed body or id, or a timestamp off by 301 s, fails; 300 s passes")
    func tampering() {
        let header = WebhookSignature.header(secrets: [Self.secret], id: Self.id, timestamp: Self.timestamp, body: Self.body)
        #expect(
            WebhookSignature.verify(
                secret: Self.secret, id: Self.id, timestampHeader: "\(Self.timestamp)", signatureHeader: header, body: Self.body, now: Self.at))
        #expect(
            !WebhookSignature.verify(
                secret: Self.secret, id: Self.id, timestampHeader: "\(Self.timestamp)", signatureHeader: header,
                body: Array(#"{"test": 2432232315}"#.utf8), now: Self.at))
        #expect(
            !WebhookSignature.verify(
                secret: Self.secret, id: "msg_other", timestampHeader: "\(Self.timestamp)", signatureHeader: header, body: Self.body, now: Self.at))
        for offset in [-301.0, 301.0] {
            #expect(
                !WebhookSignature.verify(
                    secret: Self.secret, id: Self.id, timestampHeader: "\(Self.timestamp)", signatureHeader: header,
                    body: Self.body, now: Self.at.addingTimeInterval(offset)))
        }
        #expect(
            WebhookSignature.verify(
                secret: Self.secret, id: Self.id, timestampHeader: "\(Self.timestamp)", signatureHeader: header,
                body: Self.body, now: Self.at.addingTimeInterval(300)))
    }

    @Test("during a rotation the header carries two signatures, and either secret verifies")
    func rotation() {
        let newer = WebhookSignature.makeSecret()
        let header = WebhookSignature.header(secrets: [newer, Self.secret], id: Self.id, timestamp: Self.timestamp, body: Self.body)
        #expect(header.split(separator: " ").count == 2)
        #expect(
            WebhookSignature.verify(
                secret: Self.secret, id: Self.id, timestampHeader: "\(Self.timestamp)", signatureHeader: header, body: Self.body, now: Self.at))
        #expect(
            WebhookSignature.verify(
                secret: newer, id: Self.id, timestampHeader: "\(Self.timestamp)", signatureHeader: header, body: Self.body, now: Self.at))
        #expect(
            !WebhookSignature.verify(
                secret: WebhookSignature.makeSecret(), id: Self.id, timestampHeader: "\(Self.timestamp)",
                signatureHeader: header, body: Self.body, now: Self.at))
    }

    @Test("the seeds' BakongPay signature is the hex HMAC of the raw body")
    func bakongPayHex() {
        let hex = WebhookSignature.bodyHex(secret: "whsec_abc123def456", body: Array("{}".utf8))
        #expect(hex.count == 64 && hex.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(hex != WebhookSignature.bodyHex(secret: "whsec_abc123def456", body: Array("{ }".utf8)))
    }
}

@Suite("Webhook destinations: every spelling of an internal address is refused")
struct DestinationGuardTests {
    static let strict = DestinationGuard(allowLoopback: false)

    @Test(
        "internal destinations are refused",
        arguments: [
            "https://127.0.0.1/hook", "https://127.1/hook", "https://2130706433/hook", "https://0x7f000001/hook", "https://0177.0.0.1/hook",
            "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:7f00:1]/hook", "https://localhost/hook",
            "https://10.0.0.5/hook", "https://172.16.3.4/hook", "https://192.168.1.1/hook", "https://100.64.0.1/hook",
            "https://169.254.169.254/latest/meta-data", "https://[fe80::1]/hook", "https://[fd00::1]/hook", "https://0.0.0.0/hook",
            "https://[64:ff9b::a9fe:a9fe]/hook", "https://224.0.0.1/hook", "https://255.255.255.255/hook",
            // IPv4 embedded in IPv6, judged as the IPv4 inside: 6to4, SIIT, Teredo (client bits
            // inverted), local-use NAT64, IPv4-compatible.
            "https://[2002:7f00:1::]/", "https://[2002:a9fe:a9fe::1]/hook", "https://[::ffff:0:7f00:1]/",
            "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "https://[64:ff9b:1::a00:5]/hook", "https://[::7f00:1]/hook",
        ])
    func refused(url: String) {
        #expect(throws: DestinationGuard.Refusal.self, "\(url) must be refused") { try Self.strict.clear(url) }
    }

    @Test(
        "IPv6 forms that embed a public IPv4 address are judged by it, and pass",
        arguments: [
            "https://[2002:5db8:d70e::1]/hook", "https://[::ffff:0:5db8:d70e]/hook", "https://[2001:0:4136:e378:8000:63bf:a247:28f1]/hook",
        ])
    func embeddedPublic(url: String) throws {
        _ = try Self.strict.clear(url)
    }

    @Test("public addresses pass, http is refused, and credentials in the URL are refused")
    func publicAndScheme() throws {
        let cleared = try Self.strict.clear("https://93.184.215.14:8443/hook")
        #expect(cleared.host == "93.184.215.14" && cleared.port == 8443 && cleared.address == "93.184.215.14")
        #expect(throws: DestinationGuard.Refusal.insecureScheme) { try Self.strict.clear("http://93.184.215.14/hook") }
        #expect(throws: DestinationGuard.Refusal.self) { try Self.strict.clear("https://user:pw@93.184.215.14/hook") }
        #expect(throws: DestinationGuard.Refusal.self) { try Self.strict.clear("ftp://93.184.215.14/hook") }
    }

    @Test("the development flag allows http and loopback, but still not private or metadata addresses")
    func developmentFlag() throws {
        let dev = DestinationGuard(allowLoopback: true)
        #expect(try dev.clear("http://127.0.0.1:9999/hook").address == "127.0.0.1")
        #expect(throws: DestinationGuard.Refusal.self) { try dev.clear("http://169.254.169.254/") }
        #expect(throws: DestinationGuard.Refusal.self) { try dev.clear("http://192.168.0.10/") }
    }
}
