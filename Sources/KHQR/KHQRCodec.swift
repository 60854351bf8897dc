import Crypto
import Foundation
public import MekongCore

/// Encodes, decodes and validates KHQR payloads: EMVCo tag-length-value fields, each tag two
/// digits and each length two digits counting characters, ending with tag 63, the
/// CRC-16/CCITT-FALSE of everything before it including "6304", in upper-case hex. No I/O.
///
/// Amount rules (tag 54): USD with exactly two decimals ("15.50"); KHR in whole riel
/// ("25000"), as KHQR carries no fractions of a riel. Decoding also accepts USD with fewer
/// decimals ("15.5", "15"), never more.
public enum KHQRCodec {
    /// Tags this codec knows at the top level.
    static let knownTags: Set<String> = ["00", "01", "29", "30", "52", "53", "54", "58", "59", "60", "62", "63", "99"]
    /// Tag 62's sub-tags and the fields they fill.
    static var additionalDataTags: [(tag: String, path: WritableKeyPath<KHQRCode, String?>)] {
        [("01", \.billNumber), ("02", \.mobileNumber), ("03", \.storeLabel), ("07", \.terminalLabel)]
    }

    // MARK: Encoding

    public static func encode(_ code: KHQRCode) throws(KHQRError) -> String {
        try validate(code)
        var payload = field("00", "01") + field("01", code.isDynamic ? "12" : "11")
        payload += field(code.accountKind == .individual ? "29" : "30", accountTemplate(code))
        payload += field("52", code.merchantCategoryCode)
        payload += field("53", String(code.currency.numericCode))
        if let amount = code.amount { payload += field("54", try amountText(amount)) }
        payload += field("58", code.countryCode)
        payload += field("59", code.merchantName)
        payload += field("60", code.merchantCity)
        let additional = additionalTemplate(code)
        if !additional.isEmpty { payload += field("62", additional) }
        var timestamps = ""
        if let created = code.createdAtMilliseconds { timestamps += field("00", String(created)) }
        if let expires = code.expiresAtMilliseconds { timestamps += field("01", String(expires)) }
        if !timestamps.isEmpty { payload += field("99", timestamps) }
        payload += "6304"
        return payload + CRC16.hex(CRC16.ccittFalse(Array(payload.utf8)))
    }

    /// The amount as tag 54 carries it.
    public static func amountText(_ amount: Money) throws(KHQRError) -> String {
        switch amount.currency {
        case .KHR:
            guard amount.minorUnits % 100 == 0 else {
                throw .invalidValue(tag: "54", reason: "KHQR carries whole riel; \(amount.decimalString) KHR has a fraction")
            }
            return String(amount.minorUnits / 100)
        default:
            return amount.decimalString
        }
    }

    private static func accountTemplate(_ code: KHQRCode) -> String {
        var account = field("00", code.bakongAccountID)
        if let merchantID = code.merchantID { account += field("01", merchantID) }
        if let bank = code.acquiringBank { account += field("02", bank) }
        return account
    }

    private static func additionalTemplate(_ code: KHQRCode) -> String {
        var additional = ""
        for (tag, path) in additionalDataTags { if let value = code[keyPath: path] { additional += field(tag, value) } }
        return additional
    }

    private static func field(_ tag: String, _ value: String) -> String {
        let count = value.count
        return tag + (count < 10 ? "0" : "") + String(count) + value
    }

    /// Checks every field of a code against KHQR's rules.
    public static func validate(_ code: KHQRCode) throws(KHQRError) {
        let templateTag = code.accountKind == .individual ? "29" : "30"
        try text(code.bakongAccountID, tag: "\(templateTag).00", maximum: 32)
        guard code.bakongAccountID.contains("@") else {
            throw .invalidValue(tag: "\(templateTag).00", reason: "a Bakong account id has the form name@bank")
        }
        if let id = code.merchantID { try text(id, tag: "\(templateTag).01", maximum: 32) }
        if let bank = code.acquiringBank { try text(bank, tag: "\(templateTag).02", maximum: 32) }
        guard code.merchantCategoryCode.count == 4, code.merchantCategoryCode.allSatisfy(\.isASCIIDigit) else {
            throw .invalidValue(tag: "52", reason: "the merchant category code is four digits")
        }
        guard code.currency == .KHR || code.currency == .USD else {
            throw .invalidValue(tag: "53", reason: "KHQR carries KHR (116) or USD (840), not \(code.currency.code)")
        }
        if let amount = code.amount {
            guard amount.currency == code.currency else {
                throw .invalidValue(tag: "54", reason: "the amount is in \(amount.currency.code), the code in \(code.currency.code)")
            }
            guard amount.minorUnits > 0 else { throw .invalidValue(tag: "54", reason: "the amount must be more than zero") }
            guard try amountText(amount).count <= 13 else { throw .tooLong(tag: "54", maximum: 13) }
        }
        guard code.countryCode.count == 2, code.countryCode.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw .invalidValue(tag: "58", reason: "the country code is two upper-case letters")
        }
        try text(code.merchantName, tag: "59", maximum: 25)
        try text(code.merchantCity, tag: "60", maximum: 15)
        for (tag, path) in additionalDataTags { if let value = code[keyPath: path] { try text(value, tag: "62.\(tag)", maximum: 25) } }
        for (tag, value) in [("99.00", code.createdAtMilliseconds), ("99.01", code.expiresAtMilliseconds)] {
            if let value, !(0...9_999_999_999_999).contains(value) {
                throw .invalidValue(tag: tag, reason: "a timestamp is milliseconds since 1970, at most 13 digits")
            }
        }
        if let created = code.createdAtMilliseconds, let expires = code.expiresAtMilliseconds, expires <= created {
            throw .invalidValue(tag: "99.01", reason: "the expiry must be after the creation time")
        }
        // A template's length is two digits too.
        if accountTemplate(code).count > 99 { throw .tooLong(tag: templateTag, maximum: 99) }
        if additionalTemplate(code).count > 99 { throw .tooLong(tag: "62", maximum: 99) }
    }

    private static func text(_ value: String, tag: String, maximum: Int) throws(KHQRError) {
        guard !value.isEmpty else { throw .invalidValue(tag: tag, reason: "must not be empty") }
        guard value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else { throw .notPrintableASCII(tag: tag) }
        guard value.count <= maximum else { throw .tooLong(tag: tag, maximum: maximum) }
    }

    // MARK: Decoding

    /// Decodes and validates a payload. In strict mode a tag KHQR does not define is an error;
    /// otherwise it is skipped (other schemes' templates may share a code).
    public static func decode(_ payload: String, strict: Bool = false) throws(KHQRError) -> KHQRCode {
        let fields = try tlv(payload, parent: nil)
        // The CRC: the last field, over everything before its value.
        guard let last = fields.last, last.tag == "63" else {
            throw fields.contains(where: { $0.tag == "63" }) ? .badCRCField : .missingTag("63")
        }
        guard last.value.count == 4, last.value.allSatisfy({ $0.isHexDigit && !$0.isLowercase }) else { throw .badCRCField }
        let signed = String(String.UnicodeScalarView(payload.unicodeScalars.dropLast(4)))
        let expected = CRC16.hex(CRC16.ccittFalse(Array(signed.utf8)))
        guard expected == last.value else { throw .wrongCRC(expected: expected, found: last.value) }

        var byTag: [String: String] = [:]
        for field in fields {
            guard byTag[field.tag] == nil else { throw .duplicateTag(field.tag) }
            if strict && !knownTags.contains(field.tag) { throw .unknownTag(field.tag) }
            byTag[field.tag] = field.value
        }
        func required(_ tag: String) throws(KHQRError) -> String {
            guard let value = byTag[tag] else { throw .missingTag(tag) }
            return value
        }
        guard try required("00") == "01" else { throw .invalidValue(tag: "00", reason: "the payload format indicator is 01") }
        let initiation = try required("01")
        guard initiation == "11" || initiation == "12" else {
            throw .invalidValue(tag: "01", reason: "the point of initiation is 11 (static) or 12 (dynamic)")
        }
        if byTag["29"] != nil && byTag["30"] != nil { throw .bothAccountTemplates }
        guard let templateTag = byTag["29"] != nil ? "29" : byTag["30"] != nil ? "30" : nil else { throw .missingTag("29 or 30") }
        let account = try subfields(byTag[templateTag]!, parent: templateTag, known: ["00", "01", "02"], strict: strict)
        guard let accountID = account["00"] else { throw .missingTag("\(templateTag).00") }
        guard let currency = [Currency.KHR, .USD].first(where: { String($0.numericCode) == (byTag["53"] ?? "") }) else {
            if byTag["53"] == nil { throw .missingTag("53") }
            throw .invalidValue(tag: "53", reason: "'\(byTag["53"]!)' is not a currency KHQR carries (116 or 840)")
        }
        var amount: Money?
        if let text = byTag["54"] {
            guard initiation == "12" else { throw .amountOnStaticCode }
            amount = try parseAmount(text, currency: currency)
        } else if initiation == "12" {
            throw .missingAmountOnDynamicCode
        }
        var code = KHQRCode(
            accountKind: templateTag == "29" ? .individual : .merchant, bakongAccountID: accountID,
            merchantID: account["01"], acquiringBank: account["02"], merchantCategoryCode: try required("52"),
            currency: currency, amount: amount, countryCode: try required("58"), merchantName: try required("59"),
            merchantCity: try required("60"))
        if let additional = byTag["62"] {
            let values = try subfields(additional, parent: "62", known: Set(additionalDataTags.map(\.tag)), strict: strict)
            for (tag, path) in additionalDataTags { code[keyPath: path] = values[tag] }
        }
        if let stamps = byTag["99"] {
            let values = try subfields(stamps, parent: "99", known: ["00", "01"], strict: strict)
            for (tag, value) in values.sorted(by: { $0.key < $1.key }) {
                guard value.count <= 13, let number = Int64(value), value.allSatisfy(\.isASCIIDigit) else {
                    throw .invalidValue(tag: "99.\(tag)", reason: "a timestamp is milliseconds since 1970, at most 13 digits")
                }
                if tag == "00" { code.createdAtMilliseconds = number } else if tag == "01" { code.expiresAtMilliseconds = number }
            }
        }
        try validate(code)
        return code
    }

    /// Parses tag 54 for a currency.
    static func parseAmount(_ text: String, currency: Currency) throws(KHQRError) -> Money {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, text.count <= 13, parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
            throw .invalidValue(tag: "54", reason: "'\(text)' is not an amount such as 15.50 or 25000")
        }
        let decimals = parts.count == 2 ? parts[1].count : 0
        if currency == .KHR && decimals > 0 { throw .invalidValue(tag: "54", reason: "KHQR carries whole riel, not '\(text)'") }
        guard decimals <= currency.exponent else {
            throw .invalidValue(tag: "54", reason: "'\(text)' has more decimals than \(currency.code) allows")
        }
        guard let money = try? Money(parsing: text, currency: currency), money.minorUnits > 0 else {
            throw .invalidValue(tag: "54", reason: "'\(text)' must be more than zero")
        }
        return money
    }

    private struct Field {
        let tag: String
        let value: String
    }

    /// The fields of `text`. Lengths count characters (Unicode scalars); a KHQR is ASCII,
    /// read as bytes (anything else is refused later, by validate, with the field it is in).
    private static func tlv(_ text: String, parent: String?) throws(KHQRError) -> [Field] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return try tlv(Array(text.utf8), UTF8.self, parent: parent) }
        return try tlv(text.unicodeScalars.map(\.value), UTF32.self, parent: parent)
    }

    // Generic over the code unit so the ASCII case works on bytes: building each field's
    // String from Characters cost 50 µs a decode, from bytes 7 µs.
    private static func tlv<Encoding: Unicode.Encoding>(
        _ units: [Encoding.CodeUnit], _ encoding: Encoding.Type,
        parent: String?
    ) throws(KHQRError) -> [Field] {
        func text(_ range: Range<Int>) -> String { String(decoding: units[range], as: Encoding.self) }
        func digits(_ range: Range<Int>) -> Bool { units[range].allSatisfy { (0x30...0x39).contains($0) } }
        var fields: [Field] = []
        var index = 0
        while index < units.count {
            guard index + 4 <= units.count else { throw .truncated(offset: index) }
            guard digits(index..<index + 2) else { throw .badTag(offset: index) }
            let tag = text(index..<index + 2)
            let named = parent.map { "\($0).\(tag)" } ?? tag
            let lengthDigits = digits(index + 2..<index + 4)
            let length = lengthDigits ? Int(text(index + 2..<index + 4)) ?? 0 : 0
            guard lengthDigits, length > 0, index + 4 + length <= units.count else {
                if lengthDigits && index + 4 + length > units.count { throw .truncated(offset: units.count) }
                throw .badLength(tag: named, offset: index + 2)
            }
            fields.append(Field(tag: tag, value: text(index + 4..<index + 4 + length)))
            index += 4 + length
        }
        return fields
    }

    private static func subfields(_ value: String, parent: String, known: Set<String>, strict: Bool) throws(KHQRError) -> [String: String] {
        var values: [String: String] = [:]
        for field in try tlv(value, parent: parent) {
            guard values[field.tag] == nil else { throw .duplicateTag("\(parent).\(field.tag)") }
            if !known.contains(field.tag) {
                if strict { throw .unknownTag("\(parent).\(field.tag)") }
                continue
            }
            values[field.tag] = field.value
        }
        return values
    }

    // MARK: Look-up hash

    /// The MD5 of the payload, lower-case hex: how Bakong's APIs look a KHQR payment up.
    public static func md5(_ payload: String) -> String {
        Insecure.MD5.hash(data: Array(payload.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
