import Foundation
public import Hummingbird
public import Logging

/// `mekong sandbox`: the partner side of the corridors on loopback, each partner with its
/// own ledger. `GET /ledger` lists every booked transfer, for tests and reconciliation.
public enum PartnerSandbox {
    /// - Parameters:
    ///   - gatewayURL: where the sandbox pushes inbound credits when it plays a foreign partner.
    ///   - inboundSecrets: corridor id → the secret it signs them with.
    ///   - promptPayClientSecret: the OAuth2 client secret PromptPay expects; nil turns OAuth2 off.
    public static func buildApplication(host: String, port: Int, slowSeconds: Int, gatewayURL: String,
                                        inboundSecrets: [String: String], promptPayClientSecret: String?,
                                        logger: Logger) -> some ApplicationProtocol {
        let ledger = SandboxLedger()
        let router = Router()
        router.get("/healthz") { _, _ in PromptPaySimulator.json(.ok, ["status": "ok"]) }
        router.get("/ledger") { _, _ in
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let data = try encoder.encode(["transfers": await ledger.all()])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        PromptPaySimulator(ledger: ledger, slowSeconds: slowSeconds,
                           tokens: SandboxTokens(clientID: "mekong-gateway", clientSecret: promptPayClientSecret)).register(on: router)
        NAPASSimulator(ledger: ledger, slowSeconds: slowSeconds).register(on: router)
        DuitNowSimulator(ledger: ledger, batches: SandboxBatches()).register(on: router)
        BakongSimulator(ledger: ledger, slowSeconds: slowSeconds).register(on: router)
        InboundSender(gatewayURL: gatewayURL, secrets: inboundSecrets).register(on: router)
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "mekong-sandbox"),
                           logger: logger)
    }
}
