import Foundation
public import Hummingbird
public import MekongCore

/// A request body read as a JSON object, field by field, with a precise 400 for every
/// fault: not JSON, not an object, an unknown field, a missing field, a wrong type.
///
/// Unknown fields are refused rather than ignored, so a client can never believe it set
/// something (a status, a rate, a fee) that Mekong does not let it set.
public struct JSONObject {
    let values: [String: Any]
    let path: String

    init(values: [String: Any], path: String) {
        self.values = values
        self.path = path
    }

    /// Reads the request body (up to the context's upload limit) as a JSON object.
    public static func read(_ request: Request, context: some RequestContext) async throws -> (JSONObject, ByteBuffer) {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return (try parse(buffer), buffer)
    }

    /// Reads an optional body: none (or an empty one) is an empty object.
    public static func readIfAny(_ request: Request, context: some RequestContext) async throws -> JSONObject {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return buffer.readableBytes == 0 ? JSONObject(values: [:], path: "") : try parse(buffer)
    }

    static func parse(_ buffer: ByteBuffer) throws(APIError) -> JSONObject {
        guard buffer.readableBytes > 0 else { throw APIError(.invalidRequest, "the request body must be a JSON object") }
        let data = Data(buffer.readableBytesView)
        guard String(validating: data, as: UTF8.self) != nil else {
            throw APIError(.invalidRequest, "the request body is not valid UTF-8")
        }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data, options: []) } catch {
            throw APIError(.invalidRequest, "the request body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw APIError(.invalidRequest, "the request body must be a JSON object") }
        return JSONObject(values: object, path: "")
    }

    private func name(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Refuses any field not in `allowed`.
    public func allowOnly(_ allowed: Set<String>) throws(APIError) {
        for key in values.keys.sorted() where !allowed.contains(key) {
            throw APIError(.invalidRequest, "field '\(name(key))' is not accepted here")
        }
    }

    /// A text field checked by `rule` (`TextRule`: code points, no NUL or control characters).
    public func string(_ key: String, _ rule: TextRule) throws(APIError) -> String? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let text = raw as? String else { throw APIError(.invalidRequest, "field '\(name(key))' must be a string") }
        if let fault = rule.fault(in: text) { throw APIError(.invalidRequest, fault.message(field: name(key))) }
        return text
    }

    /// One line of text of at most `maxLength` code points.
    public func string(_ key: String, maxLength: Int = 256) throws(APIError) -> String? { try string(key, .line(maxLength)) }

    /// A text field that must be present and not blank.
    public func requiredString(_ key: String, _ rule: TextRule) throws(APIError) -> String {
        guard let text = try string(key, rule) else { throw APIError(.invalidRequest, "field '\(name(key))' is required") }
        guard !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw APIError(.invalidRequest, "field '\(name(key))' must not be empty")
        }
        return text
    }

    /// One line of text, present and not blank, of at most `maxLength` code points.
    public func requiredString(_ key: String, maxLength: Int = 256) throws(APIError) -> String { try requiredString(key, .line(maxLength)) }

    /// A whole number in `range`; JSON booleans and fractions are refused.
    public func int(_ key: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        // JSONSerialization types integers as q/l/i/s and booleans as c; fractions are d or f.
        guard let number = raw as? NSNumber, ["q", "l", "i", "s", "Q", "L", "I", "S"].contains(String(cString: number.objCType)),
            let value = Int(exactly: number.int64Value), range.contains(value)
        else {
            throw APIError(.invalidRequest, "field '\(name(key))' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A list of strings, each checked by `rule` (by default 1 to 256 printable ASCII characters).
    public func strings(_ key: String, maxCount: Int = 100, each rule: TextRule = .identifier(256)) throws(APIError) -> [String]? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let list = raw as? [Any], list.count <= maxCount, let strings = list as? [String] else {
            throw APIError(.invalidRequest, "field '\(name(key))' must be a list of at most \(maxCount) strings")
        }
        for (index, text) in strings.enumerated() {
            if let fault = rule.fault(in: text) { throw APIError(.invalidRequest, fault.message(field: "\(name(key))[\(index)]")) }
        }
        return strings
    }

    public func object(_ key: String) throws(APIError) -> JSONObject? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let object = raw as? [String: Any] else { throw APIError(.invalidRequest, "field '\(name(key))' must be an object") }
        return JSONObject(values: object, path: name(key))
    }

    public func requiredObject(_ key: String) throws(APIError) -> JSONObject {
        guard let object = try object(key) else { throw APIError(.invalidRequest, "field '\(name(key))' is required") }
        return object
    }

    /// `{"amount": "15.50", "currency": "USD"}`: the amount a decimal string, exact to the
    /// currency's ISO 4217 minor unit and greater than zero.
    /// - Parameter allowingNegative: a signed amount (an adjustment); otherwise it must be more than zero.
    public func requiredMoney(_ key: String, allowingNegative: Bool = false) throws(APIError) -> Money {
        let object = try requiredObject(key)
        try object.allowOnly(["amount", "currency"])
        if let raw = object.values["amount"], !(raw is String), !(raw is NSNull) {
            throw APIError(.invalidRequest, "field '\(name(key)).amount' must be a decimal string such as \"15.50\", not a JSON number")
        }
        let amountText = try object.requiredString("amount", maxLength: 40)
        let code = try object.requiredString("currency", maxLength: 8)
        guard let currency = Currency.named(code) else {
            throw APIError(.invalidRequest, "field '\(name(key)).currency': '\(code)' is not a currency Mekong carries")
        }
        let negative = allowingNegative && amountText.hasPrefix("-")
        let money: Money
        do { money = try Money(parsing: negative ? String(amountText.dropFirst()) : amountText, currency: currency) } catch {
            throw APIError(.invalidRequest, "field '\(name(key)).amount': \(error.description)")
        }
        if negative { return Money(minorUnits: -money.minorUnits, currency: currency) }
        guard money.minorUnits > 0 else { throw APIError(.invalidRequest, "field '\(name(key)).amount' must be greater than zero") }
        return money
    }
}
