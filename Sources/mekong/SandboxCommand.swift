import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Sandbox
import ServiceLifecycle
import UnixSignals

/// `mekong sandbox`: the partner simulators on loopback.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Serve the partner sandbox (PromptPay and the other corridors' partners).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8090
    @Option(help: "A label for this instance, shown in every log line.") var instance: String?
    @Option(help: "The gateway the sandbox pushes inbound credits to, playing a foreign partner.") var gatewayURL = "http://127.0.0.1:8080"
    @Option(help: "Also serve the partners over TLS on this port, requiring a client certificate (mTLS).") var tlsPort: Int?
    @Option(help: "PEM server certificate for --tls-port.") var tlsCertificate: String?
    @Option(help: "PEM server key for --tls-port.") var tlsKey: String?
    @Option(help: "PEM CA that client certificates must chain to.") var tlsClientCa: String?

    func validate() throws {
        if tlsPort != nil, tlsCertificate == nil || tlsKey == nil || tlsClientCa == nil {
            throw ValidationError("--tls-port needs --tls-certificate, --tls-key and --tls-client-ca")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let slow = environment["MEKONG_SANDBOX_SLOW_SECONDS"].flatMap(Int.init) ?? 3
        var logger = CLILogging.logger("mekong.sandbox", level: environment["MEKONG_LOG_LEVEL"] ?? "info")
        if let instance { logger[metadataKey: "instance"] = "\(instance)" }
        var secrets: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix("MEKONG_INBOUND_SECRET_") {
            secrets[String(name.dropFirst("MEKONG_INBOUND_SECRET_".count)).replacingOccurrences(of: "_", with: "-")] = value
        }
        let mutualTLS = tlsPort.map {
            PartnerSandbox.MutualTLS(port: $0, certificatePath: tlsCertificate!, keyPath: tlsKey!, clientCAPath: tlsClientCa!)
        }
        let services = try PartnerSandbox.buildServices(
            host: host, port: port, slowSeconds: slow, gatewayURL: gatewayURL, inboundSecrets: secrets,
            promptPayClientSecret: environment["MEKONG_PROMPTPAY_CLIENT_SECRET"], mutualTLS: mutualTLS,
            lapNetPilot: (environment["MEKONG_CORRIDOR_PILOTS"] ?? "").split(separator: ",").contains {
                $0.trimmingCharacters(in: .whitespaces) == "KH-LA"
            },
            logger: logger)
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
