import MekongCore

/// A query parameter that names one of a fixed set (a status), with a clear 400 listing them
/// otherwise; nil when it is absent.
enum QueryChoice {
    static func read<Choice: RawRepresentable & CaseIterable>(_ text: String?, name: String, as _: Choice.Type) throws(APIError) -> Choice?
    where Choice.RawValue == String {
        guard let text else { return nil }
        guard let choice = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            let listed = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
            throw APIError(.invalidRequest, "query '\(name)' must be \(listed)")
        }
        return choice
    }
}
