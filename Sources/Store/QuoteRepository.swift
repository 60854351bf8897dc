import Foundation
public import Logging
import MekongCore
import PostgresNIO

/// Quotes in PostgreSQL. A quote is read only by the client that asked for it.
public struct QuoteRepository: Sendable {
    let database: Database
    let logger: Logger
    private let inserts: GroupCommit<QuoteRecord, Void>

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
        inserts = GroupCommit(maxBatch: database.batching.maxBatch, maxInFlight: database.batching.maxInFlight) { quotes in
            _ = try await database.execute(QuoteInsertBatch(quotes: quotes), logger: logger)
            return quotes.map { _ in .success(()) }
        }
    }

    /// Stores a new quote, in one statement with the quotes made at the same moment. Quote ids
    /// are fresh (`Identifier.make`), so no conflict can fail a batch.
    public func insert(_ quote: QuoteRecord) async throws {
        try await inserts.submit(quote)
    }

    /// The quote with `id` if it belongs to `clientID`.
    public func find(id: String, clientID: String) async throws -> QuoteRecord? {
        for quote in try await database.execute(QuoteByID(id: id, clientID: clientID), logger: logger) { return quote }
        return nil
    }

    static func decode(_ row: PostgresRandomAccessRow) throws -> QuoteRecord {
        let source = try StoredMoney.decode(row, minor: "source_minor", currency: "source_currency")
        let fee = Money(minorUnits: try row["fee_minor"].decode(Int64.self), currency: source.currency)
        let priced = PricedQuote(
            sourceAmount: source, fee: fee, totalDebit: source.adding(fee),
            referenceRate: Rate(units: try row["reference_rate"].decode(Int64.self)),
            customerRate: Rate(units: try row["customer_rate"].decode(Int64.self)),
            destinationAmount: try StoredMoney.decode(row, minor: "destination_minor", currency: "destination_currency"),
            snapshotID: try row["snapshot_id"].decode(String.self)
        )
        return QuoteRecord(
            id: try row["id"].decode(String.self), clientID: try row["client_id"].decode(String.self),
            corridorID: try row["corridor_id"].decode(String.self),
            paymentType: try StoredEnum.decode(PaymentType.self, row, "payment_type"),
            priced: priced, createdAt: try row["created_at"].decode(Date.self),
            expiresAt: try row["expires_at"].decode(Date.self)
        )
    }
}
