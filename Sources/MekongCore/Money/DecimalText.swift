/// The digits of a plain decimal literal (`-12.340`), split at the point.
///
/// Accepts an optional leading minus, at least one integer digit, and an optional
/// fraction with at least one digit. No exponent, no spaces, no plus sign, no grouping.
struct DecimalText {
    let negative: Bool
    let integerDigits: [UInt8]
    let fractionDigits: [UInt8]

    init(_ text: String) throws(MoneyError) {
        var bytes = Array(text.utf8)[...]
        negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { throw .malformed(text) }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if seenPoint { fraction.append(byte - UInt8(ascii: "0")) } else { integer.append(byte - UInt8(ascii: "0")) }
            } else {
                throw .malformed(text)
            }
        }
        guard !integer.isEmpty, !(seenPoint && fraction.isEmpty), integer.count <= 20 else { throw .malformed(text) }
        integerDigits = integer
        fractionDigits = fraction
    }
}
