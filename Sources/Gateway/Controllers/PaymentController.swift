import Foundation
import HTTPTypes
import Hummingbird
import MekongCore
import Store

/// `POST /v1/payments` (with `Idempotency-Key`), `GET /v1/payments` (the app's own payments,
/// newest first, cursor-paged; by state, corridor, created range and the app's own
/// `reference`) and `GET /v1/payments/{id}`.
struct PaymentController {
    let intake: PaymentIntake
    let payments: PaymentRepository
    let dryRun: DryRun
    let catalog: CorridorCatalog
    let clock: any WallClock

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("payments") { request, context in
            let caller = try RoleGuard.require(context, .app)
            let key = try IdempotencyKeyHeader.read(request)
            let (body, raw) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["quote_id", "payer", "beneficiary", "reference"])
            let quoteID = try body.requiredString("quote_id", .identifier(64))
            let reference = try body.string("reference", .identifier(64))
            let payer = try Self.party(body.requiredObject("payer"))
            let beneficiary = try Self.party(body.requiredObject("beneficiary"))
            let answer = try await intake.accept(
                clientID: caller.clientID, key: key,
                requestHash: PaymentIntake.fingerprint(route: "POST /v1/payments", body: raw),
                quoteID: quoteID, reference: reference, payer: payer, beneficiary: beneficiary)
            return answer.response
        }
        group.post("payments/dry-run") { request, context in
            let caller = try RoleGuard.require(context, .app)
            let (body, _) = try await JSONObject.read(request, context: context)
            let (corridor, type, amount) = try QuoteController.parseRoute(body, alsoAllowing: ["payer_account"])
            let account = try body.string("payer_account", .identifier(34))
            if let account { try Self.checkAccount(account, field: "payer_account") }
            return try JSONResponse.make(
                .ok, try await dryRun.evaluate(corridorID: corridor, type: type, amount: amount, clientID: caller.clientID, payerAccount: account))
        }
        group.get("payments") { request, context in
            let caller = try RoleGuard.require(context, .app)
            var search = try PaymentSearchQuery.read(request.uri.queryParameters)
            search.clientID = caller.clientID
            search.clientReference = PaymentSearchQuery.text(request.uri.queryParameters.get("reference"))
            let page = try await payments.search(search)
            return try JSONResponse.make(
                .ok,
                PageView(
                    page.map {
                        PaymentView($0, history: [], expectedSettlementAt: $0.state.isFinal ? nil : expectedSettlement(of: $0))
                    }))
        }
        group.get("payments/:id") { _, context in
            let caller = try RoleGuard.require(context, .app)
            let id = try context.parameters.requireDecoded("id")
            guard let (payment, history) = try await payments.findWithHistory(id: id, clientID: caller.clientID) else {
                throw APIError(.notFound, "payment '\(id)' not found")
            }
            return try JSONResponse.make(.ok, PaymentView(payment, history: history, expectedSettlementAt: expectedSettlement(of: payment)))
        }
    }

    /// When a payment is expected to settle, from now or from the end of its hold.
    private func expectedSettlement(of payment: PaymentRecord) -> Date? {
        catalog.entry(payment.corridorID).flatMap {
            CorridorJudge.expectedSettlement($0.spec, at: max(clock.now(), payment.nextActionAt ?? .distantPast))
        }
    }

    /// `{"name": "…", "account": "…"}`: a name of 1–140 characters and an account of 4–34
    /// letters and digits (the IBAN maximum).
    static func party(_ object: JSONObject) throws -> PaymentIntake.Party {
        try object.allowOnly(["name", "account"])
        let name = try object.requiredString("name", .name(140))
        let account = try object.requiredString("account", .identifier(34))
        try checkAccount(account, field: "\(object.path).account")
        return PaymentIntake.Party(name: name, account: account)
    }

    /// An account number: 4–34 letters and digits (the IBAN maximum).
    static func checkAccount(_ account: String, field: String) throws {
        guard account.utf8.count >= 4,
            account.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else {
            throw APIError(.invalidRequest, "field '\(field)' must be 4 to 34 letters and digits")
        }
    }
}
