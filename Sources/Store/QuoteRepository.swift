import Foundation
import FX
public import Logging
import MekongCore
import PostgresNIO

/// Quotes in PostgreSQL. A quote is read only by the client that asked for it.
public struct QuoteRepository: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Stores a new quote.
    public func insert(_ quote: QuoteRecord) async throws {
        let p = quote.priced
        try await database.query("""
            INSERT INTO quotes (id, client_id, corridor_id, payment_type, source_minor, source_currency, fee_minor,
                destination_minor, destination_currency, reference_rate, customer_rate, snapshot_id, created_at, expires_at)
            VALUES (\(quote.id), \(quote.clientID), \(quote.corridorID), \(quote.paymentType.rawValue),
                \(p.sourceAmount.minorUnits), \(p.sourceAmount.currency.code), \(p.fee.minorUnits),
                \(p.destinationAmount.minorUnits), \(p.destinationAmount.currency.code), \(p.referenceRate.units),
                \(p.customerRate.units), \(p.snapshotID), \(quote.createdAt), \(quote.expiresAt))
            """, logger: logger)
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
