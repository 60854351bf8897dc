/// The lifecycle status of a corridor, as the NBC corridor table gives it.
public enum CorridorStatus: String, Sendable, Codable {
    case live
    case pilot
    case planned
}
