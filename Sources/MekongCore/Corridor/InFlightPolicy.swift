/// What happens to accepted payments not yet handed off when ops disable their corridor.
/// Either way nothing is handed off while the corridor is disabled.
public enum InFlightPolicy: String, Sendable, Codable {
    /// They wait (hold 5001) and are handed off when the corridor is enabled again.
    case hold
    /// They are rejected with 5001 so that the app can route them elsewhere.
    case reject
}
