/// Turns a YAML or decoding error into the field it concerns and one readable reason.
public enum YAMLErrorText {
    public static func describe(_ error: any Error) -> (field: String, reason: String) {
        switch error {
        case let DecodingError.typeMismatch(type, context):
            return (path(context.codingPath), "must be \(typeName(type))")
        case let DecodingError.valueNotFound(type, context):
            return (path(context.codingPath), "must be \(typeName(type)), not empty")
        case let DecodingError.keyNotFound(key, context):
            return (path(context.codingPath + [key]), "is required")
        case let DecodingError.dataCorrupted(context):
            return (path(context.codingPath), context.debugDescription)
        default:
            return ("(document)", "not valid YAML: \(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }

    public static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "(document)" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
