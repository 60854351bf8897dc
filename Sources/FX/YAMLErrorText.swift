/// Turns a YAML or decoding error into one readable line that names the field.
public enum YAMLErrorText {
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.typeMismatch(type, context):
            return "\(path(context.codingPath)): expected \(type) (\(context.debugDescription))"
        case let DecodingError.valueNotFound(type, context):
            return "\(path(context.codingPath)): missing \(type)"
        case let DecodingError.keyNotFound(key, context):
            return "\(path(context.codingPath + [key])): is required"
        case let DecodingError.dataCorrupted(context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "not valid YAML: \(error)"
        }
    }

    public static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "(document)" : codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
}
