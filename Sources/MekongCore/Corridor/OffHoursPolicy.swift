/// What a batch corridor does with a payment made outside its hours.
public enum OffHoursPolicy: String, Sendable, Codable {
    /// Accept it into the first cycle of the next window.
    case queue
    /// Refuse it with 5001 and the next opening time.
    case refuse
}
