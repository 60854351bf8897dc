/// The field rules a partner's inbound credit must meet before it becomes a payment: a partner
/// is authenticated, not trusted, so its input meets the same `TextRule`s as an app's (fields
/// named as in Mekong's own model, whatever the partner calls them):
/// - the partner's reference and both accounts: 1 to 64 printable ASCII characters;
/// - both names: 1 to 140 Unicode code points, not blank, no control characters (a NUL would
///   also fail in PostgreSQL);
/// - a KHQR code, when present: at most 512 code points (KHQR is ASCII in its mandatory part),
///   without control characters.
public enum InboundCreditCheck {
    public static func check(_ credit: InboundCredit) throws(MekongError) {
        try TextRule.identifier(64).check(credit.partnerReference, field: "reference")
        try TextRule.identifier(64).check(credit.payerAccount, field: "payer.account")
        try TextRule.identifier(64).check(credit.beneficiaryAccount, field: "beneficiary.account")
        try TextRule.name(140).check(credit.payerName, field: "payer.name")
        try TextRule.name(140).check(credit.beneficiaryName, field: "beneficiary.name")
        if let khqr = credit.khqr { try TextRule.line(512).check(khqr, field: "khqr") }
    }
}
