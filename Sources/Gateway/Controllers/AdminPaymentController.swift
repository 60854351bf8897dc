import Foundation
import Hummingbird
import MekongCore
import Store

/// Staff's view of every client's payments:
/// - `GET /admin/payments?reference=&state=&corridor=&from=&to=&limit=&offset=`: search, newest
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

    struct Page: Encodable {
        let data: [PaymentView]
        let total: Int
        let limit: Int
        let offset: Int
    }
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
            let search = try Self.search(request)
            let (page, total) = try await payments.search(search)
            return try JSONResponse.make(.ok, Page(data: page.map { PaymentView($0, history: []) }, total: total,
                                                   limit: search.limit, offset: search.offset))
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
            async let deliveries = webhooks.log(state: nil, aggregateID: id, limit: 50)
            let spec = catalog.entry(payment.corridorID)?.spec
            let record = try await snapshot
            return try JSONResponse.make(.ok, Detail(
                payment: PaymentView(payment, history: history), clientId: payment.clientID,
                quote: try await quote.flatMap { q in spec.map { QuoteView(q, spec: $0) } },
                snapshot: SnapshotSummary(id: payment.snapshotID, provider: record?.provider,
                                          effectiveAt: record.map { RFC3339.string(from: $0.effectiveAt) },
                                          status: record?.status.rawValue ?? "file", approvedBy: record?.decidedBy),
                partnerExchanges: try await made.map(PartnerExchangeView.init),
                webhookDeliveries: try await deliveries.map(DeliverySummaryView.init)))
        }
    }

    private func quote(of payment: PaymentRecord) async throws -> QuoteRecord? {
        guard let id = payment.quoteID else { return nil }
        return try await quotes.find(id: id, clientID: payment.clientID)
    }

    static func search(_ request: Request) throws -> PaymentSearch {
        let query = request.uri.queryParameters
        var search = PaymentSearch()
        search.reference = Self.text(query.get("reference"))
        if let state = Self.text(query.get("state")) {
            guard let parsed = PaymentState(rawValue: state.uppercased()) else {
                throw APIError(.invalidRequest, "query 'state' must be one of \(PaymentState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            search.state = parsed
        }
        search.corridorID = Self.text(query.get("corridor")).map { $0.uppercased() }
        search.from = try Self.instant(query.get("from"), name: "from", dayEnd: false)
        search.to = try Self.instant(query.get("to"), name: "to", dayEnd: true)
        search.limit = try QueryNumber.bounded(query.get("limit"), name: "limit", default: 50, range: 1...100)
        search.offset = try QueryNumber.bounded(query.get("offset"), name: "offset", default: 0, range: 0...1_000_000)
        return search
    }

    private static func text(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(128))
    }

    /// An RFC 3339 instant, or a business day: its start, or (for `to`) the next day's start.
    private static func instant(_ value: String?, name: String, dayEnd: Bool) throws -> Date? {
        guard let text = text(value) else { return nil }
        if let day = ReconciliationEngine.businessDay(text) { return dayEnd ? day.end : day.start }
        guard let date = RFC3339.date(from: text) else {
            throw APIError(.invalidRequest, "query '\(name)' must be a date (YYYY-MM-DD, Asia/Phnom_Penh) or an RFC 3339 time")
        }
        return date
    }
}
