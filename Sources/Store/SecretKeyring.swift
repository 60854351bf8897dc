import Crypto
import Foundation

/// The keys that encrypt the secrets Mekong must keep readable (webhook signing secrets: every
/// delivery is signed with them), so that the database, a backup or a `pg_dump` holds none in
/// clear. AES-256-GCM; each sealed value names the key that sealed it, so keys can be rotated:
/// the first key seals, every listed key opens, and start-up re-seals whatever an older key
/// (or no key) sealed.
///
/// From the environment: `MEKONG_SECRET_KEYS="k2:<base64 of 32 bytes>,k1:<…>"`.
/// A sealed value: `v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`; the row it belongs to is
/// bound in as authenticated data, so a sealed secret moved to another row does not open.
public struct SecretKeyring: Sendable {
    public struct Key: Sendable {
        public let id: String
        let key: SymmetricKey
    }

    public let keys: [Key]
    static let prefix = "v1:"

    /// - Throws: a `SecretKeyringError` naming what is wrong with the variable's value.
    public init(parsing text: String) throws(SecretKeyringError) {
        var keys: [Key] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, (1...32).contains(parts[0].count),
                parts[0].unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" })
            else {
                throw SecretKeyringError("each entry is <id>:<base64 key>, the id 1–32 letters, digits, - or _")
            }
            guard let bytes = Data(base64Encoded: parts[1]), bytes.count == 32 else {
                throw SecretKeyringError("key '\(parts[0])' must be 32 bytes, base64-encoded (openssl rand -base64 32)")
            }
            guard !keys.contains(where: { $0.id == parts[0] }) else { throw SecretKeyringError("key id '\(parts[0])' is listed twice") }
            keys.append(Key(id: parts[0], key: SymmetricKey(data: bytes)))
        }
        guard !keys.isEmpty else { throw SecretKeyringError("no key is given") }
        self.keys = keys
    }

    /// The id of the key that seals.
    public var currentID: String { keys[0].id }

    /// `plaintext` sealed under the current key, bound to `context` (e.g. the row's id).
    public func seal(_ plaintext: String, context: String) -> String {
        let box = try! AES.GCM.seal(Data(plaintext.utf8), using: keys[0].key, authenticating: Data(context.utf8))
        return Self.prefix + keys[0].id + ":" + box.combined!.base64EncodedString()
    }

    /// The plaintext of a stored value. A value without the `v1:` prefix was stored before
    /// secrets were sealed, and is its own plaintext (start-up seals it).
    public func open(_ stored: String, context: String) throws(SecretKeyringError) -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        let parts = stored.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let key = keys.first(where: { $0.id == parts[0] }) else {
            throw SecretKeyringError("a secret is sealed with key '\(parts.first ?? "")', which MEKONG_SECRET_KEYS does not list")
        }
        guard let combined = Data(base64Encoded: parts[1]), let box = try? AES.GCM.SealedBox(combined: combined),
            let plain = try? AES.GCM.open(box, using: key.key, authenticating: Data(context.utf8)),
            let text = String(data: plain, encoding: .utf8)
        else {
            throw SecretKeyringError("a secret sealed with key '\(key.id)' does not open: wrong key or altered value")
        }
        return text
    }

    /// Whether a stored value should be sealed again: in clear, or under an older key.
    public func needsSealing(_ stored: String) -> Bool { !stored.hasPrefix(Self.prefix + currentID + ":") }
}
