import Foundation
import Hummingbird
import HummingbirdTLS
public import Logging
import NIOSSL
public import ServiceLifecycle

/// `mekong sandbox`: the partner side of the corridors on loopback, each partner with its
/// own ledger. `GET /ledger` lists every booked transfer, for tests and reconciliation.
public enum PartnerSandbox {
    /// - Parameters:
    ///   - gatewayURL: where the sandbox pushes inbound credits when it plays a foreign partner.
    ///   - inboundSecrets: corridor id → the secret it signs them with.
    ///   - promptPayClientSecret: the OAuth2 client secret PromptPay expects; nil turns OAuth2 off.
    ///   - mutualTLS: when given, the same partners are served a second time over TLS on that
    ///     port, and every client must present a certificate signed by the client CA.
    ///   - lapNetPilot: whether LAPNet takes transfers (`MEKONG_CORRIDOR_PILOTS` names KH-LA, as
    ///     for the gateway); otherwise it answers every transfer 503, not live.
    public static func buildServices(
        host: String, port: Int, slowSeconds: Int, gatewayURL: String,
        inboundSecrets: [String: String], promptPayClientSecret: String?,
        mutualTLS: MutualTLS?, lapNetPilot: Bool = false, logger: Logger
    ) throws -> [any Service] {
        let router = makeRouter(
            slowSeconds: slowSeconds, gatewayURL: gatewayURL, inboundSecrets: inboundSecrets,
            promptPayClientSecret: promptPayClientSecret, lapNetPilot: lapNetPilot)
        var services: [any Service] = [
            Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "mekong-sandbox"), logger: logger)
        ]
        if let mutualTLS {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(mutualTLS.certificatePath).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: mutualTLS.keyPath, format: .pem)))
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(mutualTLS.clientCAPath))
            services.append(
                Application(
                    router: router, server: try .tls(tlsConfiguration: tls),
                    configuration: .init(address: .hostname(host, port: mutualTLS.port), serverName: "mekong-sandbox-tls"),
                    logger: logger))
        }
        return services
    }

    /// The TLS listener's files: the server certificate and key, and the CA client certificates must chain to.
    public struct MutualTLS: Sendable {
        public let port: Int
        public let certificatePath: String
        public let keyPath: String
        public let clientCAPath: String

        public init(port: Int, certificatePath: String, keyPath: String, clientCAPath: String) {
            self.port = port
            self.certificatePath = certificatePath
            self.keyPath = keyPath
            self.clientCAPath = clientCAPath
        }
    }

    static func makeRouter(
        slowSeconds: Int, gatewayURL: String, inboundSecrets: [String: String],
        promptPayClientSecret: String?, lapNetPilot: Bool
    ) -> Router<SandboxContext> {
        let ledger = SandboxLedger()
        let router = Router(context: SandboxContext.self)
        router.add(middleware: SandboxContext.Binding())
        router.add(middleware: SandboxTraceLog.Middleware(log: SandboxTraceLog()))
        let faults = SandboxFaults()
        router.add(middleware: SandboxFaults.Middleware(faults: faults))
        faults.register(on: router)
        router.get("/healthz") { _, _ in PromptPaySimulator.json(.ok, ["status": "ok"]) }
        router.get("/ledger") { _, _ in
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let data = try encoder.encode(["transfers": await ledger.all()])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        PromptPaySimulator(
            ledger: ledger, slowSeconds: slowSeconds,
            tokens: SandboxTokens(clientID: "mekong-gateway", clientSecret: promptPayClientSecret)
        ).register(on: router)
        NAPASSimulator(ledger: ledger, slowSeconds: slowSeconds).register(on: router)
        DuitNowSimulator(ledger: ledger, batches: SandboxBatches()).register(on: router)
        BakongSimulator(ledger: ledger, slowSeconds: slowSeconds).register(on: router)
        let sender = InboundSender(gatewayURL: gatewayURL, secrets: inboundSecrets, ledger: ledger)
        KHQRWallet(ledger: ledger, sender: sender).register(on: router)
        sender.register(on: router)
        SettlementFiles(ledger: ledger).register(on: router)
        FlowHistoryFiles().register(on: router)
        LAPNetSimulator(ledger: ledger, slowSeconds: slowSeconds, pilot: lapNetPilot).register(on: router)
        WebhookReceiver().register(on: router)
        return router
    }
}
