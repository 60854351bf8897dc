/// Anything Mekong hands a transfer to and asks about afterwards: a corridor's partner for
/// outbound payments, the Bakong ledger for the Cambodian leg of inbound ones.
public protocol TransferChannel: Sendable {
    /// Submits a transfer. Must be safe to call again with the same reference: the other
    /// side dedupes on it.
    func submit(_ instruction: TransferInstruction) async -> PartnerOutcome

    /// Asks for the status of a transfer by Mekong's reference.
    func inquire(reference: String) async -> PartnerOutcome
}
