import Foundation
import MekongCore

/// Stored JSON (an audit row's before and after) written into a response as JSON, not as a
/// string holding JSON. Numbers go out as decimals read from their text, never through Double.
extension ExactJSON: Encodable {
    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var container = encoder.container(keyedBy: Key.self)
            for member in members { try container.encode(member.value, forKey: Key(stringValue: member.key)) }
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .number(let text):
            var container = encoder.singleValueContainer()
            if let whole = Int64(text) { try container.encode(whole) } else { try container.encode(Decimal(string: text) ?? 0) }
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        }
    }

    /// Stored JSON text as JSON; text that is not JSON stays a string.
    static func stored(_ text: String?) -> ExactJSON? {
        guard let text else { return nil }
        return (try? ExactJSON.parse(Array(text.utf8))) ?? .string(text)
    }
}
