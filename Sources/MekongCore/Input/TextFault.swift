/// Why a text from outside was refused (see `TextRule`).
public enum TextFault: Sendable, Equatable {
    case nul
    /// A control character other than those the field takes; its code point.
    case control(UInt32)
    case notPrintableASCII
    case tooLong(Int)
    case tooShort(Int)
    case empty
    case invalidUTF8

    /// The refusal as the API states it, naming the field.
    public func message(field: String, rule: TextRule? = nil) -> String {
        switch self {
        case .nul: "field '\(field)' must not contain NUL characters"
        case .control(let value):
            "field '\(field)' must not contain control characters (found U+\(String(value, radix: 16, uppercase: true).leftPadded(to: 4)))"
        case .notPrintableASCII: "field '\(field)' must be printable ASCII (! to ~) only"
        case .tooLong(let max): "field '\(field)' is longer than \(max) characters (Unicode code points)"
        case .tooShort(let min): "field '\(field)' is shorter than \(min) characters"
        case .empty: "field '\(field)' must not be empty"
        case .invalidUTF8: "field '\(field)' is not valid UTF-8"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
