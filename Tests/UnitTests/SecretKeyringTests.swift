import Foundation
import Store
import Testing

/// `SecretKeyring`: AES-256-GCM sealing of secrets at rest, named by key id for rotation.
@Suite("Secrets at rest: SecretKeyring")
struct SecretKeyringTests {
    static let k1 = "k1:" + Data(repeating: 1, count: 32).base64EncodedString()
    static let k2 = "k2:" + Data(repeating: 2, count: 32).base64EncodedString()

    @Test("a sealed secret names its key, hides the plaintext, and opens only for its own row")
    func sealAndOpen() throws {
        let ring = try SecretKeyring(parsing: Self.k1)
        let sealed = ring.seal("whsec_abc123", context: "webhook_subscriptions:wh_1")
        #expect(sealed.hasPrefix("v1:k1:") && !sealed.contains("whsec_abc123"))
        #expect(try ring.open(sealed, context: "webhook_subscriptions:wh_1") == "whsec_abc123")
        #expect(throws: SecretKeyringError.self) { try ring.open(sealed, context: "webhook_subscriptions:wh_2") }
        #expect(ring.seal("whsec_abc123", context: "x") != ring.seal("whsec_abc123", context: "x"), "a fresh nonce each time")
    }

    @Test("rotation: the first key seals, older keys still open, and what they sealed needs sealing again; a value in clear is its own plaintext")
    func rotation() throws {
        let old = try SecretKeyring(parsing: Self.k1)
        let sealedByOld = old.seal("s1", context: "c")
        let ring = try SecretKeyring(parsing: Self.k2 + "," + Self.k1)
        #expect(ring.currentID == "k2")
        #expect(try ring.open(sealedByOld, context: "c") == "s1")
        #expect(ring.needsSealing(sealedByOld) && ring.needsSealing("plain") && !ring.needsSealing(ring.seal("s1", context: "c")))
        #expect(try ring.open("plain", context: "c") == "plain")
        let withoutOld = try SecretKeyring(parsing: Self.k2)
        #expect(throws: SecretKeyringError.self) { try withoutOld.open(sealedByOld, context: "c") }
        var tampered = Array(ring.seal("s1", context: "c"))
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: SecretKeyringError.self) { try ring.open(String(tampered), context: "c") }
    }

    @Test(
        "MEKONG_SECRET_KEYS is refused when empty, malformed, short, or with an id twice",
        arguments: [
            "", "nokey", "k1:" + Data(repeating: 1, count: 16).base64EncodedString(), "k 1:" + Data(repeating: 1, count: 32).base64EncodedString(),
            k1 + "," + k1, "k1:not-base64!",
        ])
    func refused(text: String) {
        #expect(throws: SecretKeyringError.self) { try SecretKeyring(parsing: text) }
    }
}
