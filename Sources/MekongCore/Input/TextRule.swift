/// The one rule every text from outside meets before it reaches a payment or PostgreSQL:
/// app and admin JSON, the KHQR API's bodies and forms, a partner's inbound credit, settlement
/// files and rate uploads all check their strings with a `TextRule`.
///
/// - Lengths count Unicode code points, as JSON Schema's `maxLength` (and so the OpenAPI
///   document) does — not grapheme clusters: one letter followed by 2,000 combining marks is
///   2,001 long.
/// - Characters are judged scalar by scalar, so a NUL hidden before a combining mark (one
///   grapheme) is found. No field takes a NUL, and none takes another control character
///   (C0, DEL, C1) except a note's tab and line breaks.
/// - Valid UTF-8 is checked where the bytes arrive (a Swift `String` is always valid).
public struct TextRule: Sendable, Equatable {
    /// Which characters a field takes.
    public enum Characters: Sendable, Equatable {
        /// `!` to `~`: identifiers, references, account numbers, keys.
        case printableASCII
        /// Any character but controls: names, reasons, one-line text.
        case line
        /// As `line`, plus tab, line feed and carriage return: notes and free text.
        case multiline
    }

    public let minLength: Int
    public let maxLength: Int
    public let characters: Characters
    /// Whether a text of only white space counts as given.
    public let allowsBlank: Bool

    public init(length: ClosedRange<Int>, characters: Characters, allowsBlank: Bool) {
        minLength = length.lowerBound
        maxLength = length.upperBound
        self.characters = characters
        self.allowsBlank = allowsBlank
    }

    /// One line of up to `max` code points, possibly empty.
    public static func line(_ max: Int) -> TextRule { TextRule(length: 0...max, characters: .line, allowsBlank: true) }
    /// A name: 1 to `max` code points, not blank, one line.
    public static func name(_ max: Int) -> TextRule { TextRule(length: 1...max, characters: .line, allowsBlank: false) }
    /// Free text of up to `max` code points, tabs and line breaks allowed.
    public static func note(_ max: Int) -> TextRule { TextRule(length: 0...max, characters: .multiline, allowsBlank: true) }
    /// An identifier: 1 to `max` printable ASCII characters.
    public static func identifier(_ max: Int) -> TextRule { TextRule(length: 1...max, characters: .printableASCII, allowsBlank: false) }

    /// What is wrong with `text` under this rule; nil when nothing is.
    public func fault(in text: String) -> TextFault? {
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if scalar.value == 0 { return .nul }
            switch characters {
            case .printableASCII:
                guard (0x21...0x7E).contains(scalar.value) else { return .notPrintableASCII }
            case .line:
                if Self.isControl(scalar) { return .control(scalar.value) }
            case .multiline:
                if Self.isControl(scalar), ![0x09, 0x0A, 0x0D].contains(scalar.value) { return .control(scalar.value) }
            }
        }
        if count > maxLength { return .tooLong(maxLength) }
        if count < minLength { return minLength == 1 ? .empty : .tooShort(minLength) }
        if !allowsBlank, text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { return .empty }
        return nil
    }

    /// Checks `text`; the error names `field`.
    public func check(_ text: String, field: String) throws(MekongError) {
        if let fault = fault(in: text) { throw .invalid(fault.message(field: field, rule: self)) }
    }

    /// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F): Unicode's general category Cc.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A whole uploaded file (settlement file, rate table): valid UTF-8 and no control
    /// character but tab and line breaks. Returns the text, or the fault with its byte offset.
    public static func file(_ bytes: some Collection<UInt8>) -> Result<String, FileFault> {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(FileFault(offset: nil, fault: .invalidUTF8)) }
        var offset = 0
        for scalar in text.unicodeScalars {
            if scalar.value == 0 { return .failure(FileFault(offset: offset, fault: .nul)) }
            if isControl(scalar), ![0x09, 0x0A, 0x0D].contains(scalar.value) {
                return .failure(FileFault(offset: offset, fault: .control(scalar.value)))
            }
            offset += String(scalar).utf8.count
        }
        return .success(text)
    }
}
