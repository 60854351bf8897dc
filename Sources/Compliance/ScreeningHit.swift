/// A list entry a subject may be: which entry, under which of its names, and the score with
/// what moved it, for the compliance reviewer (never for the app).
public struct ScreeningHit: Sendable, Equatable {
    public let entry: SanctionsEntry
    /// The entry's name (primary or alias) that scored highest.
    public let matchedName: String
    /// The name score, after the date-of-birth and country adjustments, 0 to 1.
    public let score: Double
    /// The name similarity alone.
    public let nameScore: Double
    /// What adjusted the score: "date of birth agrees", "country differs", ….
    public let adjustments: [String]
}
