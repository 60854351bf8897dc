/// The role an API key carries.
public enum Role: String, Sendable, CaseIterable {
    case app
    case treasury
    case ops
    case admin
    /// A KHQR merchant's key (made by `/api/v1/merchant/register` or `/api/v1/merchant/api-keys`):
    /// the KHQR API only, 403 everywhere else.
    case merchant
    /// A compliance officer's key: sanctions lists (maker-checker), reviews of held payments,
    /// senders' velocity usage and the daily report.
    case compliance
}
