import Foundation

/// The country names the UN and OFAC lists write, mapped to ISO 3166-1 alpha-2 codes. A name not
/// in the table is kept upper-cased, and then only agrees with itself.
enum Countries {
    static func code(_ name: String) -> String {
        let key = name.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "."))).lowercased()
        return names[key] ?? key.uppercased()
    }

    static let names: [String: String] = [
        "afghanistan": "AF", "burma": "MM", "myanmar": "MM", "cambodia": "KH", "china": "CN", "hong kong": "HK", "india": "IN",
        "indonesia": "ID", "iran": "IR", "iran (islamic republic of)": "IR", "iraq": "IQ", "japan": "JP",
        "korea, north": "KP", "democratic people's republic of korea": "KP", "korea, south": "KR", "republic of korea": "KR",
        "laos": "LA", "lao people's democratic republic": "LA", "lebanon": "LB", "libya": "LY", "malaysia": "MY", "pakistan": "PK",
        "philippines": "PH", "russia": "RU", "russian federation": "RU", "saudi arabia": "SA", "singapore": "SG", "somalia": "SO",
        "sudan": "SD", "syria": "SY", "syrian arab republic": "SY", "thailand": "TH", "united arab emirates": "AE",
        "united kingdom": "GB", "united states": "US", "united states of america": "US", "vietnam": "VN", "viet nam": "VN",
        "yemen": "YE",
    ]
}
