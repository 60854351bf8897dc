import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the API's OpenAPI 3.1 document, as committed in the repository.
struct OpenAPIController {
    let document: [UInt8]

    init() {
        let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources")
        document = url.flatMap { try? Data(contentsOf: $0) }.map(Array.init) ?? []
    }

    func register(on router: Router<GatewayContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
