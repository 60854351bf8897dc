import Foundation
import MekongCore

/// A `multipart/form-data` body (RFC 7578), read into its named parts: enough for a browser's
/// file upload and `curl -F`. Each part's name comes from its `Content-Disposition`; its bytes
/// are kept as sent. A part named twice, a part with no name or a body without its closing
/// delimiter is refused (2000).
struct MultipartForm {
    let parts: [String: [UInt8]]

    /// The boundary of a `multipart/form-data` content type, or nil when it is another type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let fields = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.first?.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            let value = field.dropFirst("boundary=".count)
            let unquoted = value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value.dropFirst().dropLast() : value
            return unquoted.isEmpty || unquoted.count > 70 ? nil : String(unquoted)
        }
        return nil
    }

    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [String: [UInt8]] = [:]
        guard var position = Self.find(delimiter, in: body, from: 0) else { throw APIError(.invalidRequest, "the form has no parts") }
        while true {
            position += delimiter.count
            if body[position...].starts(with: Array("--".utf8)) { break }
            guard body[position...].starts(with: Array("\r\n".utf8)) else { throw APIError(.invalidRequest, "the form's parts are malformed") }
            position += 2
            guard let headerEnd = Self.find(Array("\r\n\r\n".utf8), in: body, from: position) else {
                throw APIError(.invalidRequest, "a form part has no end to its headers")
            }
            let headers = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = Self.find(Array("\r\n".utf8) + delimiter, in: body, from: contentStart) else {
                throw APIError(.invalidRequest, "the form ends inside a part")
            }
            guard let name = Self.name(in: headers) else { throw APIError(.invalidRequest, "a form part has no name") }
            guard parts[name] == nil else { throw APIError(.invalidRequest, "the form names '\(name)' twice") }
            parts[name] = Array(body[contentStart..<next])
            position = next + 2
        }
        self.parts = parts
    }

    /// A text part, checked at the input boundary: a short field (`TextRule`) of at most `limit` characters.
    func text(_ name: String, _ rule: TextRule) throws -> String? {
        guard let bytes = parts[name] else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw APIError(.invalidRequest, "field '\(name)' is not valid UTF-8") }
        try rule.check(text, field: name)
        return text
    }

    private static func name(in headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            guard let range = line.range(of: "name=\"") else { return nil }
            let rest = line[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let name = String(rest[..<end])
            return name.isEmpty ? nil : name
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
