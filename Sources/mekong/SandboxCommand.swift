import ArgumentParser
import Foundation
import Logging
import Hummingbird
import Sandbox

/// `mekong sandbox`: the partner simulators on loopback.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Serve the partner sandbox (PromptPay and the other corridors' partners).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8090
    @Option(help: "A label for this instance, shown in every log line.") var instance: String?
    @Option(help: "The gateway the sandbox pushes inbound credits to, playing a foreign partner.") var gatewayURL = "http://127.0.0.1:8080"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let slow = environment["MEKONG_SANDBOX_SLOW_SECONDS"].flatMap(Int.init) ?? 3
        var logger = CLILogging.logger("mekong.sandbox", level: environment["MEKONG_LOG_LEVEL"] ?? "info")
        if let instance { logger[metadataKey: "instance"] = "\(instance)" }
        var secrets: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix("MEKONG_INBOUND_SECRET_") {
            secrets[String(name.dropFirst("MEKONG_INBOUND_SECRET_".count)).replacingOccurrences(of: "_", with: "-")] = value
        }
        try await PartnerSandbox.buildApplication(host: host, port: port, slowSeconds: slow, gatewayURL: gatewayURL,
                                                  inboundSecrets: secrets, promptPayClientSecret: environment["MEKONG_PROMPTPAY_CLIENT_SECRET"],
                                                  logger: logger).runService()
    }
}
