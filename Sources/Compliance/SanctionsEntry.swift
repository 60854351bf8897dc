/// One entry of a sanctions list: a person or an organisation, every name it is listed under
/// (the primary name first, then its aliases), and what the list says of its birth and country.
public struct SanctionsEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case individual
        case entity
    }

    /// The list's own reference (UN `QDi.001`, OFAC's entity number, a local list's id).
    public let reference: String
    public let kind: Kind
    /// The primary name, then the aliases.
    public let names: [String]
    /// Dates of birth as the list gives them: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public let datesOfBirth: [String]
    /// Countries of nationality or citizenship, as ISO 3166-1 alpha-2 codes where the list's
    /// own names could be mapped (see `Countries`), else as the list writes them, upper-cased.
    public let countries: [String]
    /// The sanctions programme or the list's remark, for the reviewer.
    public let program: String

    public init(reference: String, kind: Kind, names: [String], datesOfBirth: [String] = [], countries: [String] = [], program: String = "") {
        self.reference = reference
        self.kind = kind
        self.names = names
        self.datesOfBirth = datesOfBirth
        self.countries = countries
        self.program = program
    }
}
