import Foundation
import Hummingbird
import MekongCore
import Store

/// Staff's view of every client's payments:
/// - `GET /admin/payments?reference=&state=&corridor=&from=&to=&limit=&cursor=`: search, newest
///   first (`from`/`to` are RFC 3339 instants or business days, YYYY-MM-DD in Asia/Phnom_Penh,
///   `to` inclusive);
/// - `GET /admin/payments/{id}`: the payment with its history, the quote and snapshot it was
///   priced from, its partner exchanges (redacted when stored) and its webhook deliveries.
/// Account numbers stay masked as in the client API.
struct AdminPaymentController {
    let payments: PaymentRepository
    let quotes: QuoteRepository
    let snapshots: RateSnapshotRepository
    let exchanges: PartnerExchangeRepository
    let webhooks: WebhookRepository
    let catalog: CorridorCatalog

    struct SnapshotSummary: Encodable {
        let id: String
        let provider: String?
        let effectiveAt: String?
        /// approved, pending, rejected; `file` for a snapshot loaded from rates/ at start-up.
        let status: String
        let approvedBy: String?
    }
    struct Detail: Encodable {
        let payment: PaymentView
        let clientId: String
        let quote: QuoteView?
        let snapshot: SnapshotSummary
        let partnerExchanges: [PartnerExchangeView]
        let webhookDeliveries: [DeliverySummaryView]
    }

    func register(on group: RouterGroup<GatewayContext>) {
        group.get("payments") { request, context in
            try RoleGuard.require(context, .ops, .treasury)
            var search = try PaymentSearchQuery.read(request.uri.queryParameters)
            search.reference = PaymentSearchQuery.text(request.uri.queryParameters.get("reference"))
            return try JSONResponse.make(.ok, PageView(try await payments.search(search).map { PaymentView($0, history: []) }))
        }
        group.get("payments/:id") { _, context in
            try RoleGuard.require(context, .ops, .treasury)
            let id = try context.parameters.requireDecoded("id")
            guard let (payment, history) = try await payments.findWithHistory(id: id, clientID: nil) else {
                throw APIError(.notFound, "payment '\(id)' not found")
            }
            async let quote = quote(of: payment)
            async let snapshot = snapshots.find(id: payment.snapshotID)
            async let made = exchanges.list(paymentID: id)
            async let deliveries = webhooks.log(state: nil, aggregateID: id, page: PageRequest(limit: PageRequest.largestLimit))
            let spec = catalog.entry(payment.corridorID)?.spec
            let record = try await snapshot
            return try JSONResponse.make(
                .ok,
                Detail(
                    payment: PaymentView(payment, history: history), clientId: payment.clientID,
                    quote: try await quote.flatMap { q in spec.map { QuoteView(q, spec: $0) } },
                    snapshot: SnapshotSummary(
                        id: payment.snapshotID, provider: record?.provider,
                        effectiveAt: record.map { RFC3339.string(from: $0.effectiveAt) },
                        status: record?.status.rawValue ?? "file", approvedBy: record?.decidedBy),
                    partnerExchanges: try await made.map(PartnerExchangeView.init),
                    webhookDeliveries: try await deliveries.rows.map(DeliverySummaryView.init)))
        }
    }

    private func quote(of payment: PaymentRecord) async throws -> QuoteRecord? {
        guard let id = payment.quoteID else { return nil }
        return try await quotes.find(id: id, clientID: payment.clientID)
    }
}
