import Foundation
import Gateway
import Logging
import Synchronization

/// Logs to standard error, once per process: as text, or as JSON lines when `mekong serve`'s
/// config says `log.format: json` (it chooses before any logger is made).
enum CLILogging {
    private static let json = Mutex(false)
    private static let bootstrap: Void = {
        // Every line carries the task's request, payment, corridor and trace (LogContext).
        if json.withLock({ $0 }) {
            LoggingSystem.bootstrap(JSONLogHandler.standardError, metadataProvider: LogContext.provider)
        } else {
            LoggingSystem.bootstrap(StreamLogHandler.standardError, metadataProvider: LogContext.provider)
        }
    }()

    /// Chooses JSON lines; only before the first logger is made.
    static func useJSON() { json.withLock { $0 = true } }

    static func logger(_ label: String, level: String) -> Logger {
        bootstrap
        var logger = Logger(label: label)
        logger.logLevel = Logger.Level(rawValue: level) ?? .info
        return logger
    }
}
