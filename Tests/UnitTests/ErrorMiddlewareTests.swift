import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import MekongCore
import Testing

/// `ErrorMiddleware` in process (HummingbirdTesting's router client): whatever a route throws is
/// answered in the documented error shape.
@Suite("Errors at the edge: every thrown error in the documented shape")
struct ErrorMiddlewareTests {
    static func app() -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ErrorMiddleware())
        router.get("/refused") { _, _ -> String in
            throw MekongError(
                .limitExceeded, "THB 50,000.01 exceeds the KH-TH P2P limit of THB 50,000.00", rule: "KH-TH.limits.P2P",
                details: ["limit": "50000.00"])
        }
        router.get("/api") { _, _ -> String in throw APIError(.notFound, "payment 'pay_x' not found") }
        router.get("/unknown") { _, _ -> String in throw CocoaError(.fileNoSuchFile) }
        return Application(router: router)
    }

    static func error(_ response: TestResponse) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return try #require(object?["error"] as? [String: Any], "\(String(buffer: response.body))")
    }

    @Test("a MekongError that escapes a route keeps its code, status, rule and details (not 4000)")
    func domainRefusal() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/refused", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                let error = try Self.error(response)
                #expect(error["code"] as? Int == 2005 && error["rule"] as? String == "KH-TH.limits.P2P")
                #expect((error["details"] as? [String: Any])?["limit"] as? String == "50000.00")
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test("an APIError keeps its own; an unknown error is 4000 without its text; an unknown route is 2010")
    func othersKeepTheirShape() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api", method: .get) { response in
                let error = try Self.error(response)
                #expect(response.status == .notFound && error["code"] as? Int == 2010)
            }
            try await client.execute(uri: "/unknown", method: .get) { response in
                let error = try Self.error(response)
                #expect(response.status == .internalServerError && error["code"] as? Int == 4000)
                #expect(!(error["message"] as? String ?? "").contains("fileNoSuchFile"))
            }
            try await client.execute(uri: "/nowhere", method: .get) { response in
                let error = try Self.error(response)
                #expect(response.status == .notFound && error["code"] as? Int == 2010)
            }
        }
    }
}
