/// A console page that could not be shown: the API refused the read (its status and
/// message), or the session is missing. Rendered as the console's error page.
struct ConsoleFailure: Error, Sendable {
    let status: Int
    let message: String
}
