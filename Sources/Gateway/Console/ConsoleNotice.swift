import Foundation

/// What the last action did, shown once on the next page: carried in a short-lived cookie
/// (`mekong_notice`), so a reload does not repeat the action or the message.
struct ConsoleNotice: Sendable, Equatable {
    let text: String
    let isError: Bool

    static let cookieName = "mekong_notice"

    /// The cookie value: "ok:" or "error:" and the text, percent-encoded to a cookie-safe form.
    var cookieValue: String {
        let raw = (isError ? "error:" : "ok:") + String(text.prefix(600))
        return raw.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    init(text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }

    init?(cookieValue: String) {
        guard let raw = cookieValue.removingPercentEncoding else { return nil }
        if raw.hasPrefix("ok:") {
            self.init(text: String(raw.dropFirst(3)), isError: false)
        } else if raw.hasPrefix("error:") {
            self.init(text: String(raw.dropFirst(6)), isError: true)
        } else {
            return nil
        }
    }
}
