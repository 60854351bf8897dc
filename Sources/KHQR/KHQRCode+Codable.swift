import MekongCore

/// KHQR fields as JSON (snake_case, the amount as a decimal string), for `mekong khqr` and
/// support tools.
extension KHQRCode: Codable {
    enum CodingKeys: String, CodingKey {
        case accountKind = "account_kind"
        case bakongAccountID = "bakong_account_id"
        case merchantID = "merchant_id"
        case acquiringBank = "acquiring_bank"
        case merchantCategoryCode = "merchant_category_code"
        case currency, amount
        case countryCode = "country_code"
        case merchantName = "merchant_name"
        case merchantCity = "merchant_city"
        case billNumber = "bill_number"
        case mobileNumber = "mobile_number"
        case storeLabel = "store_label"
        case terminalLabel = "terminal_label"
        case createdAtMilliseconds = "created_at_ms"
        case expiresAtMilliseconds = "expires_at_ms"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decodeIfPresent(String.self, forKey: .accountKind) ?? "merchant"
        guard let accountKind = AccountKind(rawValue: kind) else {
            throw DecodingError.dataCorruptedError(forKey: .accountKind, in: c, debugDescription: "must be individual or merchant")
        }
        let code = try c.decode(String.self, forKey: .currency)
        guard let currency = Currency.named(code) else {
            throw DecodingError.dataCorruptedError(forKey: .currency, in: c, debugDescription: "'\(code)' is not a currency code")
        }
        var amount: Money?
        if let text = try c.decodeIfPresent(String.self, forKey: .amount) {
            do { amount = try Money(parsing: text, currency: currency) } catch {
                throw DecodingError.dataCorruptedError(forKey: .amount, in: c, debugDescription: "\(error)")
            }
        }
        self.init(
            accountKind: accountKind, bakongAccountID: try c.decode(String.self, forKey: .bakongAccountID),
            merchantID: try c.decodeIfPresent(String.self, forKey: .merchantID),
            acquiringBank: try c.decodeIfPresent(String.self, forKey: .acquiringBank),
            merchantCategoryCode: try c.decodeIfPresent(String.self, forKey: .merchantCategoryCode) ?? "5999",
            currency: currency, amount: amount, countryCode: try c.decodeIfPresent(String.self, forKey: .countryCode) ?? "KH",
            merchantName: try c.decode(String.self, forKey: .merchantName), merchantCity: try c.decode(String.self, forKey: .merchantCity),
            billNumber: try c.decodeIfPresent(String.self, forKey: .billNumber),
            mobileNumber: try c.decodeIfPresent(String.self, forKey: .mobileNumber),
            storeLabel: try c.decodeIfPresent(String.self, forKey: .storeLabel),
            terminalLabel: try c.decodeIfPresent(String.self, forKey: .terminalLabel),
            createdAtMilliseconds: try c.decodeIfPresent(Int64.self, forKey: .createdAtMilliseconds),
            expiresAtMilliseconds: try c.decodeIfPresent(Int64.self, forKey: .expiresAtMilliseconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accountKind.rawValue, forKey: .accountKind)
        try c.encode(bakongAccountID, forKey: .bakongAccountID)
        try c.encodeIfPresent(merchantID, forKey: .merchantID)
        try c.encodeIfPresent(acquiringBank, forKey: .acquiringBank)
        try c.encode(merchantCategoryCode, forKey: .merchantCategoryCode)
        try c.encode(currency.code, forKey: .currency)
        try c.encodeIfPresent(amount?.decimalString, forKey: .amount)
        try c.encode(countryCode, forKey: .countryCode)
        try c.encode(merchantName, forKey: .merchantName)
        try c.encode(merchantCity, forKey: .merchantCity)
        try c.encodeIfPresent(billNumber, forKey: .billNumber)
        try c.encodeIfPresent(mobileNumber, forKey: .mobileNumber)
        try c.encodeIfPresent(storeLabel, forKey: .storeLabel)
        try c.encodeIfPresent(terminalLabel, forKey: .terminalLabel)
        try c.encodeIfPresent(createdAtMilliseconds, forKey: .createdAtMilliseconds)
        try c.encodeIfPresent(expiresAtMilliseconds, forKey: .expiresAtMilliseconds)
    }
}
