/// The role an API key carries.
public enum Role: String, Sendable, CaseIterable {
    case app
    case treasury
    case ops
    case admin
}
