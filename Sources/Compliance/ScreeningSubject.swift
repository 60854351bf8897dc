/// A party to a payment as screening sees it: the name, and the date of birth and country
/// where the payment carries them.
public struct ScreeningSubject: Sendable, Equatable {
    public let name: String
    /// `YYYY-MM-DD`.
    public let dateOfBirth: String?
    /// ISO 3166-1 alpha-2.
    public let country: String?

    public init(name: String, dateOfBirth: String? = nil, country: String? = nil) {
        self.name = name
        self.dateOfBirth = dateOfBirth
        self.country = country?.uppercased()
    }
}
