import Hummingbird
import MekongCore
import Store

/// `POST /v1/quotes` and `GET /v1/quotes/{id}`.
struct QuoteController {
    let desk: QuoteIssuer
    let quotes: QuoteRepository
    let catalog: CorridorCatalog

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("quotes") { request, context in
            let caller = try RoleGuard.require(context, .app)
            let (body, _) = try await JSONObject.read(request, context: context)
            let (corridor, type, amount) = try Self.parseRoute(body)
            let quote = try await desk.quote(clientID: caller.clientID, corridorID: corridor, type: type, amount: amount)
            return try JSONResponse.make(.created, QuoteView(quote, spec: catalog.entry(quote.corridorID)!.spec))
        }
        group.get("quotes/:id") { _, context in
            let caller = try RoleGuard.require(context, .app)
            let id = try context.parameters.requireDecoded("id")
            guard let quote = try await quotes.find(id: id, clientID: caller.clientID), let entry = catalog.entry(quote.corridorID) else {
                throw APIError(.notFound, "quote '\(id)' not found")
            }
            return try JSONResponse.make(.ok, QuoteView(quote, spec: entry.spec))
        }
    }

    /// `{"corridor": "KH-TH", "payment_type": "P2P", "source": {"amount": "…", "currency": "…"}}`
    static func parseRoute(_ body: JSONObject, alsoAllowing extra: [String] = []) throws -> (String, PaymentType, Money) {
        try body.allowOnly(Set(["corridor", "payment_type", "source"] + extra))
        let corridor = try body.requiredString("corridor", maxLength: 16)
        let typeText = try body.requiredString("payment_type", maxLength: 8)
        guard let type = PaymentType(rawValue: typeText) else {
            throw APIError(.invalidRequest, "field 'payment_type' must be P2P or B2B")
        }
        return (corridor, type, try body.requiredMoney("source"))
    }
}
