import HTTPTypes
import Hummingbird
import MekongCore

/// The `Idempotency-Key` header of a create request, as Stripe takes it: required, 1 to 255
/// printable ASCII characters (space to `~`). Any other byte is refused with 400 rather than
/// decoded: two keys that differ only in bytes that are not valid text would otherwise be
/// taken as the same key.
enum IdempotencyKeyHeader {
    static let name = HTTPField.Name("Idempotency-Key")!

    static func read(_ request: Request) throws(APIError) -> String {
        guard let field = request.headers.first(where: { $0.name == name }) else {
            throw APIError(.invalidRequest, "the Idempotency-Key header is required")
        }
        // The raw bytes, not `value`, which would decode invalid UTF-8 to U+FFFD.
        let printable = field.withUnsafeBytesOfValue { bytes in
            !bytes.isEmpty && bytes.count <= 255 && bytes.allSatisfy { (0x20...0x7E).contains($0) }
        }
        guard printable else {
            throw APIError(.invalidRequest, "the Idempotency-Key header must be 1 to 255 printable ASCII characters")
        }
        return field.value
    }
}
