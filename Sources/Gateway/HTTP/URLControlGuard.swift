import Foundation
import Hummingbird
import MekongCore

/// Refuses with 400 a request whose path or query carries a NUL or another control character,
/// percent-encoded (`%00`–`%1F`, `%7F`) or raw: no identifier or filter Mekong knows contains
/// one, and PostgreSQL cannot store a NUL in text. (Bodies are checked field by field with
/// `TextRule`; this is the same rule for the URL.)
struct URLControlGuard: RouterMiddleware {
    typealias Context = GatewayContext

    func handle(_ request: Request, context: GatewayContext, next: (Request, GatewayContext) async throws -> Response) async throws -> Response {
        guard !Self.carriesControl(request.uri.description) else {
            throw APIError(.invalidRequest, "the URL must not contain NUL or other control characters (%00–%1F, %7F)")
        }
        return try await next(request, context)
    }

    static func carriesControl(_ uri: String) -> Bool {
        let bytes = Array(uri.utf8)
        for (index, byte) in bytes.enumerated() {
            if byte < 0x20 || byte == 0x7F { return true }
            guard byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            else { continue }
            let decoded = high << 4 | low
            if decoded < 0x20 || decoded == 0x7F { return true }
        }
        return false
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
