import Corridors
import HTTPTypes
import Hummingbird

/// The partner-facing routes: `POST /partners/{corridor}/inbound` takes a signed credit for a
/// Cambodian payee; `GET /partners/{corridor}/inbound/{reference}` tells its status. Both are
/// authenticated by the partner's HMAC signature, not an API key, and answer in the
/// partner's own format.
struct InboundController {
    let intake: InboundIntake

    static let timestamp = HTTPField.Name(PartnerSignature.timestampHeader)!
    static let signature = HTTPField.Name(PartnerSignature.signatureHeader)!

    func register(on router: Router<GatewayContext>) {
        let partners = router.group("partners")
        partners.post(":corridor/inbound") { request, context in
            let corridor = try context.parameters.requireDecoded("corridor")
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let answer = try await intake.receive(
                corridorID: corridor, path: request.uri.path,
                timestamp: request.headers[Self.timestamp], signature: request.headers[Self.signature],
                body: Array(body.readableBytesView))
            return JSONResponse.make(.init(code: answer.status), bytes: answer.body)
        }
        partners.get(":corridor/inbound/:reference") { request, context in
            let answer = try await intake.status(
                corridorID: try context.parameters.requireDecoded("corridor"),
                reference: try context.parameters.requireDecoded("reference"), path: request.uri.path,
                timestamp: request.headers[Self.timestamp], signature: request.headers[Self.signature])
            return JSONResponse.make(.init(code: answer.status), bytes: answer.body)
        }
    }
}
