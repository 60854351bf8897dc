import MekongCore
import PostgresNIO

/// A price as the batched statements take it, one array per column, in the order
/// source_minor, source_currency, fee_minor, destination_minor, destination_currency,
/// reference_rate, customer_rate, snapshot_id: the same for payments and quotes.
enum PriceColumns {
    static func append(
        source: [Money], fee: [Money], destination: [Money], reference: [Rate], customer: [Rate], snapshot: [String],
        to bindings: inout PostgresBindings
    ) {
        bindings.append(source.map(\.minorUnits))
        bindings.append(source.map(\.currency.code))
        bindings.append(fee.map(\.minorUnits))
        bindings.append(destination.map(\.minorUnits))
        bindings.append(destination.map(\.currency.code))
        bindings.append(reference.map(\.units))
        bindings.append(customer.map(\.units))
        bindings.append(snapshot)
    }
}
