/// The one interface every corridor implements: hand a transfer to the partner, and ask
/// the partner what became of one. Adapters map partner statuses and errors onto
/// `PartnerOutcome` and Bakong codes; they never decide a payment's state themselves.
public protocol CorridorAdapter: TransferChannel {
    /// The validated spec this adapter was built from.
    var spec: CorridorSpec { get }
}
