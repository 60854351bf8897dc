import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Refuses webhook destinations that point inside: loopback, private, link-local (cloud
/// metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved, and IPv6's
/// equivalents, including IPv4 hidden in IPv6 (`::ffff:127.0.0.1`, NAT64). IPv4 literals are
/// read the way libc reads them, so decimal (`2130706433`), octal and hex spellings are caught
/// too; a DNS name is resolved and every address it has must be public. The delivery then
/// connects only to the address that was checked, so a name cannot be re-pointed in between.
public struct DestinationGuard: Sendable {
    /// Development only: allow http and loopback destinations (never private or metadata ones).
    public let allowLoopback: Bool

    public init(allowLoopback: Bool) { self.allowLoopback = allowLoopback }

    /// A destination that passed: where to connect.
    public struct Cleared: Sendable, Equatable {
        public let host: String
        public let port: Int
        /// The checked address, for libcurl's `CURLOPT_RESOLVE` pin.
        public let address: String
    }

    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case malformed(String)
        case insecureScheme
        case internalAddress(String)
        case unresolvable(String)

        public var description: String {
            switch self {
            case .malformed(let why): "the URL is not usable: \(why)"
            case .insecureScheme: "webhook URLs must use https"
            case .internalAddress(let address): "the URL points at an internal address (\(address))"
            case .unresolvable(let host): "the host \(host) does not resolve"
            }
        }
    }

    /// Checks a URL: scheme, host and every address it resolves to.
    public func clear(_ text: String) throws(Refusal) -> Cleared {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let rawHost = url.host, !rawHost.isEmpty else {
            throw .malformed("it needs a scheme and a host")
        }
        guard url.user == nil, url.password == nil else { throw .malformed("credentials in the URL are not accepted") }
        guard scheme == "https" || (scheme == "http" && allowLoopback) else { throw .insecureScheme }
        let host = rawHost.hasPrefix("[") ? String(rawHost.dropFirst().dropLast()) : rawHost
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        let addresses = try resolve(host)
        for address in addresses {
            switch Self.classify(address) {
            case .public: continue
            case .loopback where allowLoopback: continue
            default: throw .internalAddress(address.text)
            }
        }
        guard let first = addresses.first else { throw .unresolvable(host) }
        return Cleared(host: host, port: port, address: first.text)
    }

    /// An IPv4 or IPv6 address as bytes.
    public struct Address: Sendable, Equatable {
        public let bytes: [UInt8]
        public var text: String {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            var raw = bytes
            let family = bytes.count == 4 ? AF_INET : AF_INET6
            _ = inet_ntop(family, &raw, &buffer, socklen_t(buffer.count))
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Literal addresses are parsed as libc does (inet_aton takes 127.1, 0x7f.1, 2130706433);
    /// names go through getaddrinfo.
    func resolve(_ host: String) throws(Refusal) -> [Address] {
        var v4 = in_addr()
        if inet_aton(host, &v4) != 0 {
            return [Address(bytes: withUnsafeBytes(of: v4.s_addr) { Array($0) })]
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return [Address(bytes: withUnsafeBytes(of: v6) { Array($0) })]
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let head = list else { throw .unresolvable(host) }
        defer { freeaddrinfo(head) }
        var addresses: [Address] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = head
        while let entry = cursor {
            if entry.pointee.ai_family == AF_INET, let raw = entry.pointee.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    addresses.append(Address(bytes: withUnsafeBytes(of: $0.pointee.sin_addr.s_addr) { Array($0) }))
                }
            } else if entry.pointee.ai_family == AF_INET6, let raw = entry.pointee.ai_addr {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    addresses.append(Address(bytes: withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) }))
                }
            }
            cursor = entry.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw .unresolvable(host) }
        return addresses
    }

    public enum Kind: Equatable { case `public`, loopback, `private`, linkLocal, reserved }

    /// Where an address points.
    public static func classify(_ address: Address) -> Kind {
        let b = address.bytes
        if b.count == 4 { return classifyV4(b) }
        guard b.count == 16 else { return .reserved }
        if b[0..<15].allSatisfy({ $0 == 0 }) { return b[15] == 1 ? .loopback : .reserved }  // ::1, ::
        if let embedded = embeddedV4(b) { return embedded.map(classifyV4).first { $0 != .public } ?? .public }
        if b[0] & 0xFE == 0xFC { return .private }  // fc00::/7
        if b[0] == 0xFE, b[1] & 0xC0 == 0x80 { return .linkLocal }  // fe80::/10
        if b[0] == 0xFF { return .reserved }  // multicast
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x0D, b[3] == 0xB8 { return .reserved }  // documentation
        return .public
    }

    /// The IPv4 addresses an IPv6 address carries, if it is one of the forms that embed one:
    /// IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, SIIT `::ffff:0:a.b.c.d`, NAT64
    /// `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002:AABB:CCDD::/16`, and Teredo `2001:0::/32`
    /// (its server, and its client with every bit inverted). Each is judged as the IPv4 it
    /// reaches: `https://[2002:7f00:1::]/` is 127.0.0.1.
    static func embeddedV4(_ b: [UInt8]) -> [[UInt8]]? {
        let zeros = { (range: Range<Int>) in b[range].allSatisfy { $0 == 0 } }
        if zeros(0..<10), b[10] == 0xFF, b[11] == 0xFF { return [Array(b[12...])] }  // ::ffff:a.b.c.d
        if zeros(0..<8), b[8] == 0xFF, b[9] == 0xFF, b[10] == 0, b[11] == 0 { return [Array(b[12...])] }  // ::ffff:0:a.b.c.d (SIIT)
        if zeros(0..<12) { return [Array(b[12...])] }  // ::a.b.c.d (deprecated)
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xFF, b[3] == 0x9B {
            if zeros(4..<12) { return [Array(b[12...])] }  // 64:ff9b::/96 NAT64
            if b[4] == 0x00, b[5] == 0x01 { return [Array(b[12...])] }  // 64:ff9b:1::/48 local NAT64
        }
        if b[0] == 0x20, b[1] == 0x02 { return [Array(b[2..<6])] }  // 2002::/16 6to4
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0x00, b[3] == 0x00 {  // 2001:0::/32 Teredo
            return [Array(b[4..<8]), b[12..<16].map { ~$0 }]
        }
        return nil
    }

    static func classifyV4(_ b: [UInt8]) -> Kind {
        switch (b[0], b[1]) {
        case (127, _): .loopback
        case (10, _), (172, 16...31), (192, 168): .private
        case (169, 254): .linkLocal
        case (100, 64...127): .private  // carrier-grade NAT
        case (0, _): .reserved  // "this network"
        case (192, 0) where b[2] == 0: .reserved  // IETF protocol assignments
        case (198, 18...19): .reserved
        case (224...255, _): .reserved  // multicast, reserved, broadcast
        default: .public
        }
    }
}
