/// How to reach a corridor's partner system.
public struct PartnerEndpoint: Sendable, Equatable {
    public var baseURL: String
    public var connectTimeoutMilliseconds: Int
    public var totalTimeoutMilliseconds: Int
    public var maxRequestsPerSecond: Int
    /// mTLS: client certificate, key and CA bundle paths (all optional).
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    public var caPath: String?
    /// OAuth2 client credentials (optional). The secret is a reference (`env:NAME` or `file:PATH`).
    public var oauthTokenURL: String?
    public var oauthClientID: String?
    public var oauthClientSecretReference: String?

    public init(
        baseURL: String, connectTimeoutMilliseconds: Int, totalTimeoutMilliseconds: Int,
        maxRequestsPerSecond: Int, clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
        caPath: String? = nil, oauthTokenURL: String? = nil, oauthClientID: String? = nil,
        oauthClientSecretReference: String? = nil
    ) {
        self.baseURL = baseURL
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
        self.maxRequestsPerSecond = maxRequestsPerSecond
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.caPath = caPath
        self.oauthTokenURL = oauthTokenURL
        self.oauthClientID = oauthClientID
        self.oauthClientSecretReference = oauthClientSecretReference
    }
}
