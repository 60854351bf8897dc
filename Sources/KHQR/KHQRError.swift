/// Why a KHQR payload or its fields were refused, precisely enough to tell a customer what is
/// wrong with their code.
public enum KHQRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The payload ends inside a tag, a length or a value.
    case truncated(offset: Int)
    /// A tag id that is not two digits.
    case badTag(offset: Int)
    /// A length that is not two digits, or longer than what is left.
    case badLength(tag: String, offset: Int)
    /// A tag KHQR does not define (strict decoding only).
    case unknownTag(String)
    case duplicateTag(String)
    case missingTag(String)
    /// Tag 63 is not the last field, or not four upper-case hex digits.
    case badCRCField
    case wrongCRC(expected: String, found: String)
    /// A field's value breaks its rule.
    case invalidValue(tag: String, reason: String)
    /// A static code (11) carrying an amount, or a dynamic one (12) without.
    case amountOnStaticCode
    case missingAmountOnDynamicCode
    case bothAccountTemplates
    /// A field too long to encode.
    case tooLong(tag: String, maximum: Int)
    /// Characters outside printable ASCII where EMVCo allows only those.
    case notPrintableASCII(tag: String)

    public var description: String {
        switch self {
        case .truncated(let offset): "the payload ends early, at character \(offset)"
        case .badTag(let offset): "character \(offset): a tag must be two digits"
        case .badLength(let tag, let offset): "tag \(tag) at character \(offset): the length must be two digits and fit in the payload"
        case .unknownTag(let tag): "tag \(tag) is not a KHQR tag"
        case .duplicateTag(let tag): "tag \(tag) appears twice"
        case .missingTag(let tag): "required tag \(tag) is missing"
        case .badCRCField: "tag 63 (CRC) must be the last field: 4 upper-case hex digits"
        case .wrongCRC(let expected, let found): "the CRC is \(found) but the payload's is \(expected)"
        case .invalidValue(let tag, let reason): "tag \(tag): \(reason)"
        case .amountOnStaticCode: "a static code (point of initiation 11) carries no amount"
        case .missingAmountOnDynamicCode: "a dynamic code (point of initiation 12) needs an amount (tag 54)"
        case .bothAccountTemplates: "a code has either tag 29 (individual) or tag 30 (merchant), not both"
        case .tooLong(let tag, let maximum): "tag \(tag) is longer than \(maximum) characters"
        case .notPrintableASCII(let tag): "tag \(tag) may hold only printable ASCII characters"
        }
    }
}
