/// One outbound HTTP request, as the transport sends it.
public struct OutboundRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var connectTimeoutMilliseconds: Int
    public var totalTimeoutMilliseconds: Int
    /// mTLS and CA pinning.
    public var clientCertificatePath: String?
    public var clientKeyPath: String?
    public var caPath: String?
    /// Connect to this address for the URL's host and port, whatever DNS says (libcurl's
    /// `CURLOPT_RESOLVE`): webhook deliveries connect only to the address that was checked.
    public var pinnedAddress: (host: String, port: Int, address: String)?

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        connectTimeoutMilliseconds: Int, totalTimeoutMilliseconds: Int,
        clientCertificatePath: String? = nil, clientKeyPath: String? = nil, caPath: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.totalTimeoutMilliseconds = totalTimeoutMilliseconds
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.caPath = caPath
    }
}
