import Foundation
import Logging

/// Logs to standard error, once per process.
enum CLILogging {
    private static let bootstrap: Void = { LoggingSystem.bootstrap(StreamLogHandler.standardError) }()

    static func logger(_ label: String, level: String) -> Logger {
        bootstrap
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
