/// A corridor whose partner takes back (part of) a settled transfer.
public protocol ReturningCorridorAdapter: CorridorAdapter {
    func submitReturn(_ instruction: ReturnInstruction) async -> PartnerOutcome
    func inquireReturn(reference: String) async -> PartnerOutcome
}
