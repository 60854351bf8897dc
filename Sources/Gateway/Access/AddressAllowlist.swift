import Foundation

/// Whether a caller's address is on a key's allowlist: exact addresses (IPv4 or IPv6) or
/// IPv4 CIDR blocks such as `203.0.113.0/24`. An empty list allows every address.
public enum AddressAllowlist {
    public static func allows(_ address: String?, list: [String]) -> Bool {
        guard !list.isEmpty else { return true }
        guard let address else { return false }
        return list.contains { entry in
            if let slash = entry.firstIndex(of: "/") {
                guard let network = ipv4(String(entry[..<slash])), let bits = Int(entry[entry.index(after: slash)...]), (0...32).contains(bits),
                    let value = ipv4(address)
                else { return false }
                let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
                return value & mask == network & mask
            }
            return entry == address
        }
    }

    /// Whether every entry is a valid address or IPv4 CIDR block.
    public static func isValid(_ entry: String) -> Bool {
        if let slash = entry.firstIndex(of: "/") {
            return ipv4(String(entry[..<slash])) != nil && Int(entry[entry.index(after: slash)...]).map { (0...32).contains($0) } == true
        }
        return ipv4(entry) != nil || (entry.contains(":") && entry.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." })
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part), String(octet) == part else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}
