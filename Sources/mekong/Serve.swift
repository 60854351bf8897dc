import ArgumentParser
import Foundation
import Gateway
import Hummingbird
import Logging
import MekongCore

/// `mekong serve`: loads and validates every file, then serves the API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the gateway API.",
        discussion:
            "Reads the config file, then MEKONG_* environment overrides; the database comes from DATABASE_URL. A malformed corridor spec, rate snapshot or config stops start-up with the file, the field and the reason."
    )

    @Option(help: "The config file.") var config = "config/mekong.yaml"
    @Option(help: "A label for this instance, shown in every log line.") var instance: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let setup: GatewaySetup
        do {
            let settings = try GatewayConfigFile.load(path: config, environment: environment)
            setup = try GatewaySetup.load(config: settings, environment: environment, now: settings.makeClock().now())
        } catch {
            FileHandle.standardError.write(Data("mekong: configuration error: \(error)\n".utf8))
            throw ExitCode(78)
        }
        if setup.config.logFormat == "json" { CLILogging.useJSON() }
        var logger = CLILogging.logger("mekong", level: setup.config.logLevel)
        if let instance { logger[metadataKey: "instance"] = "\(instance)" }
        let app = try buildApplication(setup: setup, logger: logger)
        try await app.runService()
    }
}
