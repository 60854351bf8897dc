/// What a partner said about a whole batch.
public enum BatchOutcome: Sendable, Equatable {
    /// The batch was processed: one outcome per item, by Mekong's reference.
    case processed([String: PartnerOutcome])
    /// No usable answer; the batch may or may not have been processed. Submit it again
    /// under the same batch id (the partner dedupes) after a delay.
    case ambiguous(reason: String)
}
