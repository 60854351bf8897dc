/// The one interface every corridor implements: hand a transfer to the partner, and ask
/// the partner what became of one. Adapters map partner statuses and errors onto
/// `PartnerOutcome` and Bakong codes; they never decide a payment's state themselves.
public protocol CorridorAdapter: Sendable {
    /// The validated spec this adapter was built from.
    var spec: CorridorSpec { get }

    /// Submits a transfer. Must be safe to call again with the same reference: the
    /// partner dedupes on it.
    func submit(_ instruction: TransferInstruction) async -> PartnerOutcome

    /// Asks the partner for the status of a transfer by Mekong's reference.
    func inquire(reference: String) async -> PartnerOutcome
}
