public import Foundation
public import Logging
import MekongCore

/// `log.format: json`: each log line is one JSON object, as log shippers (Loki, Elastic,
/// CloudWatch) read them. `at` (RFC 3339, milliseconds), `level`, `label`, `message`, then every
/// metadata key of the logger and the call (`instance`, `request_id`, `payment`, `corridor`, …)
/// as a string. Keys are sorted, so lines compare and grep the same way every time. What is
/// logged is what the text format logs: account numbers and keys are masked before they reach
/// a logger, and the masking checks of `scripts/test` read JSON lines the same way.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    /// Adds the task's request, payment, corridor and trace (`LogContext.provider`).
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable (String) -> Void

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// A handler that writes to standard error, as the text format does.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider?) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        var all = metadataProvider?.get() ?? [:]
        all.merge(metadata) { $1 }
        all.merge(extra ?? [:]) { $1 }
        write(Self.line(at: Date(), level: level, label: label, message: "\(message)", metadata: all))
    }

    /// One JSON line, newline-terminated.
    public static func line(at instant: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var fields: [String: String] = metadata.mapValues { "\($0)" }
        fields["at"] = RFC3339.string(from: instant)
        fields["level"] = level.rawValue
        fields["label"] = label
        fields["message"] = message
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
