import Foundation

/// A sandbox partner's OAuth2 tokens: issued for the right client credentials, valid for
/// `lifetime`, and expirable on demand so that tests can make Mekong see 1002.
actor SandboxTokens {
    let clientID: String
    let clientSecret: String?
    let lifetime: TimeInterval
    private var tokens: [String: Date] = [:]
    private(set) var issued = 0
    /// Things that happen once per key (an instruction id that must first see a stale token).
    private var seen: Set<String> = []

    init(clientID: String, clientSecret: String?, lifetime: TimeInterval = 300) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.lifetime = lifetime
    }

    /// OAuth2 is on when the sandbox knows the client secret.
    var required: Bool { clientSecret != nil }

    /// Issues a token for a `Basic base64(id:secret)` header, or nil if the credentials are wrong.
    func issue(basicAuthorization: String?) -> String? {
        guard let header = basicAuthorization, header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            decoded == "\(clientID):\(clientSecret ?? "")"
        else { return nil }
        let token = "pp_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        tokens[token] = Date().addingTimeInterval(lifetime)
        issued += 1
        return token
    }

    func isValid(bearer header: String?) -> Bool {
        guard !required || header != nil else { return false }
        guard required else { return true }
        guard let header, header.hasPrefix("Bearer "), let expires = tokens[String(header.dropFirst(7))] else { return false }
        return expires > Date()
    }

    func expireAll() { tokens.removeAll() }

    /// True the first time `key` is seen.
    func firstTime(_ key: String) -> Bool { seen.insert(key).inserted }
}
