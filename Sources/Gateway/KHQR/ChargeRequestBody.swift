import Foundation
import Hummingbird
import MekongCore

/// A KHQR charges API request body: JSON (numbers kept exact), or — because the reference
/// integration's Python example posts a form while saying `application/json` —
/// `application/x-www-form-urlencoded` fields when the body is not JSON.
enum ChargeRequestBody {
    static func read(_ request: Request, context: GatewayContext, allowed: Set<String>) async throws -> ExactJSON {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { return .object([]) }
        // The exact parser would decode invalid UTF-8 leniently (as U+FFFD); the boundary refuses it.
        guard String(validating: bytes, as: UTF8.self) != nil else { throw APIError(.invalidRequest, "the request body is not valid UTF-8") }
        let value: ExactJSON
        do throws(ExactJSON.SyntaxError) { value = try ExactJSON.parse(bytes) } catch {
            guard let form = form(bytes) else { throw APIError(.invalidRequest, "the request body is \(error.description)") }
            value = form
        }
        guard case .object = value else { throw APIError(.invalidRequest, "the request body must be a JSON object") }
        for key in value.keys where !allowed.contains(key) {
            throw APIError(.invalidRequest, "field '\(key)' is not accepted here (accepted: \(allowed.sorted().joined(separator: ", ")))")
        }
        return value
    }

    /// `a=1&b=x+y` as an object of strings; nil if the body does not look like a form.
    static func form(_ bytes: [UInt8]) -> ExactJSON? {
        guard let text = String(validating: bytes, as: UTF8.self), text.contains("="), !text.hasPrefix("{"), !text.hasPrefix("[") else { return nil }
        var members: [ExactJSON.Member] = []
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ part: Substring) -> String? { String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let key = decoded(parts[0]), let value = parts.count > 1 ? decoded(parts[1]) : "" else { return nil }
            members.append(ExactJSON.Member(key: key, value: .string(value)))
        }
        return .object(members)
    }

    /// A text field: absent, or one line of at most `maximum` code points (`TextRule`).
    static func string(_ body: ExactJSON, _ key: String, maximum: Int) throws -> String? {
        try string(body, key, .line(maximum))
    }

    /// A text field: absent, or a string that meets `rule`.
    static func string(_ body: ExactJSON, _ key: String, _ rule: TextRule) throws -> String? {
        switch body[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            if let fault = rule.fault(in: text) { throw APIError(.invalidRequest, fault.message(field: key)) }
            return text
        default: throw APIError(.invalidRequest, "field '\(key)' must be a string")
        }
    }

    /// A whole-number field within `range`: absent, a JSON number, or (form bodies) its text.
    static func int(_ body: ExactJSON, _ key: String, in range: ClosedRange<Int>) throws -> Int? {
        let text: String
        switch body[key] {
        case nil, .null?: return nil
        case .number(let literal)?: text = literal
        case .string(let literal)?: text = literal
        default: throw APIError(.invalidRequest, "field '\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.invalidRequest, "field '\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Every key and string inside `value` (a charge's metadata) meets `TextRule.note(500)`:
    /// PostgreSQL's jsonb, like its text, cannot hold a NUL.
    static func checkStrings(in value: ExactJSON, field: String, depth: Int = 0) throws {
        guard depth <= 8 else { throw APIError(.invalidRequest, "field '\(field)' is nested deeper than 8 levels") }
        switch value {
        case .object(let members):
            for member in members {
                if let fault = TextRule.note(500).fault(in: member.key) { throw APIError(.invalidRequest, fault.message(field: "\(field) key")) }
                try checkStrings(in: member.value, field: "\(field).\(member.key)", depth: depth + 1)
            }
        case .array(let items):
            for (index, item) in items.enumerated() { try checkStrings(in: item, field: "\(field)[\(index)]", depth: depth + 1) }
        case .string(let text):
            if let fault = TextRule.note(500).fault(in: text) { throw APIError(.invalidRequest, fault.message(field: field)) }
        case .number, .bool, .null:
            break
        }
    }
}
