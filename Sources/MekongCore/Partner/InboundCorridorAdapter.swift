/// A corridor whose partner pushes credits for Cambodian payees. The adapter reads the
/// partner's instruction in its own wire format and renders Mekong's answers back in it.
public protocol InboundCorridorAdapter: CorridorAdapter {
    /// Reads an inbound credit instruction.
    /// - Throws: `MekongError` 2000 naming the field when the instruction is malformed.
    func readInbound(_ body: [UInt8]) throws(MekongError) -> InboundCredit

    /// The answer for the partner, as its wire format has it.
    func inboundAnswer(_ status: InboundStatus) -> [UInt8]
}
