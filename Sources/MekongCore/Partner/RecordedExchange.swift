public import Foundation

/// One request to a partner and its answer, redacted (`Redaction`) and cut to
/// `RecordedExchange.maxBodyCharacters`, as the console shows it.
public struct RecordedExchange: Sendable, Equatable {
    public let corridorID: String
    public let method: String
    public let path: String
    /// The HTTP status, or nil when no answer came.
    public let status: Int?
    public let durationMilliseconds: Int?
    public let request: String
    public let response: String?
    /// Why no answer came (timeout, reset, refused…).
    public let error: String?
    public let at: Date

    public static let maxBodyCharacters = 4096

    public init(
        corridorID: String, method: String, path: String, status: Int?, durationMilliseconds: Int?,
        request: String, response: String?, error: String?, at: Date
    ) {
        self.corridorID = corridorID
        self.method = method
        self.path = path
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.request = Self.cut(request)
        self.response = response.map(Self.cut)
        self.error = error
        self.at = at
    }

    static func cut(_ text: String) -> String {
        text.count <= maxBodyCharacters ? text : String(text.prefix(maxBodyCharacters)) + "…"
    }
}
