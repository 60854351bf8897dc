import MekongCore

/// API answers as the console's templates read them: objects become dictionaries (nulls
/// left out, so `{{#field}}` is false for them), numbers stay their exact text.
extension ExactJSON {
    var templateValue: Any {
        switch self {
        case .object(let members):
            var dictionary: [String: Any] = [:]
            for member in members where member.value != .null { dictionary[member.key] = member.value.templateValue }
            return dictionary
        case .array(let items): return items.map(\.templateValue)
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag
        case .null: return ""
        }
    }

    /// The `data` array of a listing, as template values.
    var templateList: [Any] {
        guard case .array(let items)? = self["data"] else { return [] }
        return items.map(\.templateValue)
    }
}
