/// The field rules a partner's inbound credit must meet before it becomes a payment: a partner
/// is authenticated, not trusted, so its input gets the same kind of checks as an app's.
/// - the partner's reference and both accounts: 1 to 64 printable ASCII characters;
/// - both names: 1 to 140 Unicode code points, not blank, no control characters (a NUL would
///   also fail in PostgreSQL);
/// - a KHQR code, when present: at most 512 bytes, no control characters.
public enum InboundCreditCheck {
    public static func check(_ credit: InboundCredit) throws(MekongError) {
        try identifier(credit.partnerReference, "the partner's reference")
        try identifier(credit.payerAccount, "the payer's account")
        try identifier(credit.beneficiaryAccount, "the beneficiary's account")
        try name(credit.payerName, "the payer's name")
        try name(credit.beneficiaryName, "the beneficiary's name")
        if let khqr = credit.khqr {
            guard khqr.utf8.count <= 512, !khqr.unicodeScalars.contains(where: isControl) else {
                throw .invalid("the KHQR code must be at most 512 bytes, without control characters")
            }
        }
    }

    private static func identifier(_ text: String, _ what: String) throws(MekongError) {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 64, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalid("\(what) must be 1 to 64 printable ASCII characters")
        }
    }

    private static func name(_ text: String, _ what: String) throws(MekongError) {
        let scalars = text.unicodeScalars
        guard (1...140).contains(scalars.count), !scalars.contains(where: isControl), !scalars.allSatisfy({ $0.properties.isWhitespace }) else {
            throw .invalid("\(what) must be 1 to 140 characters, not blank, without control characters")
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }
}
