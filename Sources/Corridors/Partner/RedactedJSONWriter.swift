import Foundation
import MekongCore

/// Writes the scrubbed value `Redaction` made back as compact JSON with keys in code-point
/// order. JSONSerialization's own `.sortedKeys` compares keys through NSString with a locale,
/// and was a tenth of the gateway's CPU under load (every partner exchange is redacted).
enum RedactedJSONWriter {
    static func write(_ value: Any) -> String? {
        var out = ""
        guard append(value, to: &out) else { return nil }
        return out
    }

    private static func append(_ value: Any, to out: inout String) -> Bool {
        switch value {
        case let dictionary as [String: Any]:
            out += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                quote(key, to: &out)
                out += ":"
                guard append(dictionary[key]!, to: &out) else { return false }
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (index, element) in array.enumerated() {
                if index > 0 { out += "," }
                guard append(element, to: &out) else { return false }
            }
            out += "]"
        case let text as String:
            quote(text, to: &out)
        case is NSNull:
            out += "null"
        default:
            // Numbers and booleans, written as JSONSerialization writes them.
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return false }
            out += String(decoding: data, as: UTF8.self)
        }
        return true
    }

    private static func quote(_ text: String, to out: inout String) { out += JSONString.quoted(text) }
}
