public import MekongCore

/// The fields of a KHQR code (EMVCo merchant-presented QR, as Bakong uses it).
///
/// A code is *dynamic* (point of initiation 12) exactly when it carries an amount, and
/// *static* (11) when it does not; the payer then types the amount.
public struct KHQRCode: Sendable, Equatable {
    /// Tag 29 (an individual's account) or tag 30 (a merchant's).
    public enum AccountKind: String, Sendable, Equatable, CaseIterable {
        case individual
        case merchant
    }

    public var accountKind: AccountKind
    /// Sub-tag 00: the Bakong account id, `name@bank` (at most 32 characters).
    public var bakongAccountID: String
    /// Sub-tag 01: the merchant id (tag 30) or account information (tag 29).
    public var merchantID: String?
    /// Sub-tag 02: the acquiring bank.
    public var acquiringBank: String?
    /// Tag 52: four digits (5999 when not given).
    public var merchantCategoryCode: String
    /// Tag 53: KHR (116) or USD (840).
    public var currency: Currency
    /// Tag 54: dynamic codes only.
    public var amount: Money?
    /// Tag 58: two letters.
    public var countryCode: String
    /// Tag 59: at most 25 characters.
    public var merchantName: String
    /// Tag 60: at most 15 characters.
    public var merchantCity: String
    /// Tag 62, sub-tags 01, 02, 03 and 07 (at most 25 characters each).
    public var billNumber: String?
    public var mobileNumber: String?
    public var storeLabel: String?
    public var terminalLabel: String?
    /// Tag 99, sub-tags 00 and 01: creation and expiry, milliseconds since 1970.
    public var createdAtMilliseconds: Int64?
    public var expiresAtMilliseconds: Int64?

    public init(
        accountKind: AccountKind, bakongAccountID: String, merchantID: String? = nil, acquiringBank: String? = nil,
        merchantCategoryCode: String = "5999", currency: Currency, amount: Money? = nil, countryCode: String = "KH",
        merchantName: String, merchantCity: String, billNumber: String? = nil, mobileNumber: String? = nil,
        storeLabel: String? = nil, terminalLabel: String? = nil, createdAtMilliseconds: Int64? = nil,
        expiresAtMilliseconds: Int64? = nil
    ) {
        self.accountKind = accountKind
        self.bakongAccountID = bakongAccountID
        self.merchantID = merchantID
        self.acquiringBank = acquiringBank
        self.merchantCategoryCode = merchantCategoryCode
        self.currency = currency
        self.amount = amount
        self.countryCode = countryCode
        self.merchantName = merchantName
        self.merchantCity = merchantCity
        self.billNumber = billNumber
        self.mobileNumber = mobileNumber
        self.storeLabel = storeLabel
        self.terminalLabel = terminalLabel
        self.createdAtMilliseconds = createdAtMilliseconds
        self.expiresAtMilliseconds = expiresAtMilliseconds
    }

    public var isDynamic: Bool { amount != nil }
}
